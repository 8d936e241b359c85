#include "app/replay_session.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "data/memory_store.hpp"
#include "data/npz.hpp"
#include "tl/effect_replay.hpp"
#include "trace/op_log_reader.hpp"

namespace kernbench::app {
namespace {

using trace::LoggedAllocation;
using trace::LoggedRecord;

std::string dtype_name(std::uint8_t code) {
  return code < data::kNumDTypes ? std::string(data::name(static_cast<data::DType>(code)))
                                 : fmt::format("dtype code {}", code);
}

std::string shape_text(const std::vector<std::uint64_t>& s) {
  return fmt::format("[{}]", fmt::join(s, ", "));
}

std::vector<std::uint64_t> dims(const data::Shape& s) {
  std::vector<std::uint64_t> out;
  for (int d = 0; d < s.rank(); ++d) out.push_back(static_cast<std::uint64_t>(s[d]));
  return out;
}

/// Checks an image array against the log's allocation; throws naming both.
void check_array(const data::NpyArray& a, const LoggedAllocation& al, const std::string& file,
                 const std::string& log) {
  const std::string where = fmt::format("{}: array '{}'", file, al.name);
  if (static_cast<std::uint8_t>(a.dtype) != al.dtype) {
    throw ReplayInputError(fmt::format("{} is {}, expected {} (the allocation at {}:{})", where,
                                       data::name(a.dtype), dtype_name(al.dtype), log, al.line));
  }
  if (dims(a.shape) != al.shape) {
    throw ReplayInputError(fmt::format("{} has shape {}, expected {} (the allocation at {}:{})",
                                       where, shape_text(dims(a.shape)), shape_text(al.shape), log,
                                       al.line));
  }
}

data::MemoryStore build_memory(const trace::LoggedRun& run, const data::NpzArchive& image,
                               const std::string& file) {
  std::vector<const LoggedAllocation*> by_base;
  for (const LoggedAllocation& a : run.allocations) by_base.push_back(&a);
  std::sort(by_base.begin(), by_base.end(),
            [](const auto* a, const auto* b) { return a->base < b->base; });
  data::MemoryStore mem;
  for (const LoggedAllocation* al : by_base) {
    const data::NpyArray* a = image.find(al->name);
    if (a == nullptr) {
      throw ReplayInputError(fmt::format("{}: no array '{}' (the allocation at {}:{})", file,
                                         al->name, run.path, al->line));
    }
    check_array(*a, *al, file, run.path);
    if (a->bytes.empty()) continue;
    try {
      mem.allocate_at(al->base, a->bytes.size(), al->name);
    } catch (const data::AllocationError& e) {
      throw ReplayInputError(
          fmt::format("{}:{}: alloc '{}': {}", run.path, al->line, al->name, e.what()));
    }
    mem.write(al->base, a->bytes);
  }
  return mem;
}

/// Input record ids of an effect: `{"r": ID}` in its `in` list.
std::vector<std::uint64_t> effect_inputs(const nlohmann::json& effect) {
  std::vector<std::uint64_t> out;
  if (!effect.is_object() || !effect.contains("in") || !effect["in"].is_array()) return out;
  for (const auto& ref : effect["in"]) {
    if (ref.is_object() && ref.contains("r") && ref["r"].is_number_unsigned())
      out.push_back(ref["r"].get<std::uint64_t>());
  }
  return out;
}

void check_order(const std::vector<LoggedRecord>& recs, std::vector<OrderIssue>& issues) {
  std::map<std::uint64_t, const LoggedRecord*> by_id;
  for (const LoggedRecord& r : recs) by_id.emplace(r.id, &r);
  for (std::size_t i = 0; i < recs.size(); ++i) {
    const LoggedRecord& r = recs[i];
    if (i > 0 && r.t_start < recs[i - 1].t_start) {
      issues.push_back({r.line, r.id,
                        fmt::format("line {}: record {} starts at {} ps, before record {} on line "
                                    "{} ({} ps): the log is not in t_start order",
                                    r.line, r.id, r.t_start, recs[i - 1].id, recs[i - 1].line,
                                    recs[i - 1].t_start)});
    }
    std::vector<std::uint64_t> producers = r.deps;
    for (std::uint64_t p : effect_inputs(r.effect)) producers.push_back(p);
    for (std::uint64_t p : producers) {
      const auto it = by_id.find(p);
      if (it == by_id.end()) continue;
      const LoggedRecord& q = *it->second;
      if (q.t_start > r.t_start || (q.t_start == r.t_start && q.line > r.line)) {
        issues.push_back({r.line, r.id,
                          fmt::format("line {}: record {} ({} ps) reads what record {} on line {} "
                                      "writes, which starts later ({} ps)",
                                      r.line, r.id, r.t_start, q.id, q.line, q.t_start)});
      } else if (q.line > r.line) {
        issues.push_back({r.line, r.id,
                          fmt::format("line {}: record {} reads what record {} writes, which "
                                      "comes later in the log (line {})",
                                      r.line, r.id, q.id, q.line)});
      }
    }
  }
}

}  // namespace

bool ReplayOutcome::ok() const {
  if (!order.empty() || !complete) return false;
  return std::all_of(arrays.begin(), arrays.end(),
                     [](const ArrayComparison& a) { return a.result.passed; });
}

namespace {

template <typename F>
auto input(F&& f) {
  try {
    return f();
  } catch (const trace::OpLogReadError& e) {
    throw ReplayInputError(e.what());
  } catch (const data::NpzError& e) {
    throw ReplayInputError(e.what());
  }
}

void replay_effects(const trace::LoggedRun& run, data::MemoryStore& mem, ReplayOutcome& out) {
  std::vector<const LoggedRecord*> order;
  for (const LoggedRecord& r : run.records) {
    if (!r.effect.is_null()) order.push_back(&r);
  }
  std::stable_sort(order.begin(), order.end(),
                   [](const auto* a, const auto* b) { return a->t_start < b->t_start; });
  out.effects = order.size();
  tl::EffectReplayer replayer(mem);
  for (const LoggedRecord* r : order) {
    try {
      replayer.apply(r->id, r->effect, fmt::format("{}:{}", run.path, r->line));
    } catch (const tl::UnappliedInputError& e) {
      out.complete = false;
      out.stopped = fmt::format(
          "line {}: record {} reads the value of record {}, which starts "
          "later or never ran; the replay stopped there",
          r->line, r->id, e.producer());
      return;
    } catch (const std::runtime_error& e) {
      throw ReplayInputError(e.what());
    }
  }
}

void compare(const trace::LoggedRun& run, const data::MemoryStore& mem, const std::string& file,
             ReplayOutcome& out) {
  const data::NpzArchive refs = input([&] { return data::read_npz(file); });
  for (const auto& [name, a] : refs.arrays) {
    const auto it = std::find_if(run.allocations.begin(), run.allocations.end(),
                                 [&](const LoggedAllocation& al) { return al.name == name; });
    if (it == run.allocations.end()) {
      throw ReplayInputError(
          fmt::format("{}: array '{}' is not an allocation of {}", file, name, run.path));
    }
    check_array(a, *it, file, run.path);
    const data::Array got = mem.download(it->base, a.shape, a.dtype);
    out.arrays.push_back({name, data::verify(got, data::to_array(a))});
  }
  for (const LoggedAllocation& al : run.allocations) {
    if (refs.find(al.name) == nullptr) out.unchecked.push_back(al.name);
  }
}

}  // namespace

ReplayOutcome run_replay(const ReplayRequest& req) {
  const trace::LoggedRun run = input([&] { return trace::read_oplog_jsonl(req.oplog); });
  if (run.allocations.empty()) {
    throw ReplayInputError(fmt::format(
        "{}: no allocation lines; expected an op log written with `kernbench run KERNEL --oplog "
        "FILE --memory-initial FILE.npz`",
        req.oplog));
  }
  const data::NpzArchive image = input([&] { return data::read_npz(req.memory); });
  data::MemoryStore mem = build_memory(run, image, req.memory);
  ReplayOutcome out;
  out.request = req;
  out.records = run.records.size();
  out.allocations = run.allocations.size();
  check_order(run.records, out.order);
  replay_effects(run, mem, out);
  if (req.verify) compare(run, mem, *req.verify, out);
  return out;
}

}  // namespace kernbench::app
