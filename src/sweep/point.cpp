#include "sweep/point.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace kernbench::sweep {
namespace {

nlohmann::ordered_json object_of(const KeyValues& kv) {
  nlohmann::ordered_json o = nlohmann::ordered_json::object();
  for (const auto& [k, v] : kv) o[k] = v;
  return o;
}

KeyValues key_values(const nlohmann::ordered_json& o) {
  KeyValues kv;
  for (const auto& [k, v] : o.items()) kv.emplace_back(k, v.get<std::string>());
  return kv;
}

}  // namespace

std::uint64_t fnv1a64(const std::string& text) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::string Point::canonical() const {
  nlohmann::ordered_json j;
  j["kernel"] = kernel;
  j["params"] = object_of(params);
  j["hw"] = hw;
  j["set"] = object_of(sets);
  j["mode"] = mode;
  j["seed"] = seed;
  return j.dump();
}

std::string Point::id() const {
  return fmt::format("{:016x}", fnv1a64(canonical()));
}

Point point_from_canonical(const std::string& text) {
  try {
    const auto j = nlohmann::ordered_json::parse(text);
    Point p;
    p.kernel = j.at("kernel").get<std::string>();
    p.params = key_values(j.at("params"));
    p.hw = j.at("hw").get<std::string>();
    p.hw_path = p.hw;
    p.sets = key_values(j.at("set"));
    p.mode = j.at("mode").get<std::string>();
    p.seed = j.at("seed").get<std::uint64_t>();
    return p;
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(fmt::format("malformed point description `{}`: {}", text, e.what()));
  }
}

}  // namespace kernbench::sweep
