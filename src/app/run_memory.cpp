#include "app/run_memory.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "trace/export_jsonl.hpp"

namespace kernbench::app {

std::vector<std::string> image_names(const tl::Runner& runner) {
  std::vector<std::string> names;
  std::set<std::string> taken;
  for (const tl::AllocationInfo& a : runner.allocations()) {
    std::string name = a.name.empty() ? "alloc" : a.name;
    for (int k = 2; taken.contains(name); ++k) name = fmt::format("{}_{}", a.name, k);
    taken.insert(name);
    names.push_back(std::move(name));
  }
  return names;
}

data::NpzArchive memory_image(tl::Runner& runner, bool initial) {
  const std::vector<std::string> names = image_names(runner);
  data::NpzArchive out;
  const auto& allocs = runner.allocations();
  for (std::size_t i = 0; i < allocs.size(); ++i) {
    const tl::AllocationInfo& a = allocs[i];
    const data::Array* before = runner.initial_contents(i);
    if (initial && before == nullptr) continue;  // no launch followed it
    const data::Array v = initial ? *before : runner.memory().download(a.base, a.shape, a.dtype);
    try {
      out.add(names[i], data::from_array(v));
    } catch (const data::NpyError& e) {
      throw std::runtime_error(
          fmt::format("allocation '{}' cannot go into an .npz image: {}", a.name, e.what()));
    }
  }
  return out;
}

void write_replay_oplog(tl::Runner& runner, std::ostream& os) {
  trace::JsonlExtras extras;
  const std::vector<std::string> names = image_names(runner);
  const auto& allocs = runner.allocations();
  for (std::size_t i = 0; i < allocs.size(); ++i) {
    nlohmann::json shape = nlohmann::json::array();
    for (int d = 0; d < allocs[i].shape.rank(); ++d) shape.push_back(allocs[i].shape[d]);
    const nlohmann::json line = {{"alloc", names[i]},
                                 {"base", allocs[i].base},
                                 {"dtype", static_cast<int>(allocs[i].dtype)},
                                 {"shape", std::move(shape)}};
    extras.preamble.push_back(line.dump());
  }
  std::string buf;
  extras.members = [&runner, &buf](trace::OpId id) -> std::string_view {
    const std::string* e = runner.effect_of(id);
    if (e == nullptr) return {};
    buf = "\"effect\":";
    buf += *e;
    return buf;
  };
  trace::write_jsonl(runner.log(), os, extras);
}

}  // namespace kernbench::app
