#include "app/cost_math.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "app/format.hpp"
#include "app/names.hpp"
#include "util/suggest.hpp"

namespace kernbench::app {
namespace {

const hw::MathOpClass& unit_of(const hw::MathConfig& m, hw::OpClass c) {
  switch (c) {
    case hw::OpClass::simple:
      return m.simple;
    case hw::OpClass::transcendental:
      return m.transcendental;
    case hw::OpClass::div_sqrt:
      return m.divsqrt;
  }
  throw std::logic_error("cost_math: unknown op class");
}

MathPass make_pass(const hw::MathConfig& m, hw::OpClass c, hw::Precision p, std::uint64_t e) {
  MathPass pass;
  pass.unit = std::string(hw::to_string(c));
  pass.cycles = hw::pass_cycles(m, c, p, e);
  pass.latency = pass.cycles == 0 ? 0 : unit_of(m, c).latency;
  pass.throughput_cycles = pass.cycles - pass.latency;
  return pass;
}

std::string op_name(const MathCostRequest& q) {
  return q.op ? std::string(hw::to_string(*q.op))
              : fmt::format("{} (reduction)", to_string(*q.reduce));
}

}  // namespace

MathCostReport cost_math(const hw::HwConfig& cfg, const MathCostRequest& req) {
  if (req.op.has_value() == req.reduce.has_value())
    throw std::logic_error("cost_math: exactly one of op and reduce must be set");
  const hw::MathConfig& m = cfg.pe.math;
  MathCostReport r;
  r.request = req;
  r.hw_name = cfg.name;
  r.lanes = m.lanes;
  r.pack = hw::pack_factor(m, req.precision);
  r.frequency_hz = cfg.clock.frequency.in_hz();
  std::uint64_t sum = 0;
  if (req.op) {
    for (const hw::OpClass c : hw::op_passes(*req.op))
      r.passes.push_back(make_pass(m, c, req.precision, req.elements));
    r.cycles = hw::math_cycles(m, *req.op, req.precision, req.elements);
  } else {
    r.passes.push_back(make_pass(m, hw::OpClass::simple, req.precision, req.elements));
    if (req.elements != 0) {
      MathPass tree;
      tree.unit = "cross-lane tree";
      tree.throughput_cycles = m.reduction_step * hw::ceil_log2(m.lanes);
      tree.cycles = tree.throughput_cycles;
      r.passes.push_back(tree);
    }
    r.cycles = hw::reduce_cycles(m, *req.reduce, req.precision, req.elements);
  }
  for (const auto& p : r.passes) sum += p.cycles;
  if (sum != r.cycles)
    throw std::logic_error(fmt::format(
        "cost_math: passes add up to {} cycles but the math model says {}", sum, r.cycles));
  r.ps = cfg.clock.frequency.cycles_to_ps(r.cycles);
  return r;
}

std::string to_text(const MathCostReport& r) {
  const auto& q = r.request;
  std::string out =
      fmt::format("math {} over {} {} elements on {} (idle math engine)\n", op_name(q),
                  grouped(q.elements), hw::to_string(q.precision), r.hw_name);
  if (!r.overrides.empty())
    out += fmt::format("  {:<16} {}\n", "overrides", util::join_names(r.overrides));
  out += fmt::format("  {:<16} {} x 32-bit, {} element(s) per lane for {}\n", "lanes", r.lanes,
                     r.pack, hw::to_string(q.precision));
  for (const auto& p : r.passes)
    out += fmt::format("  {:<16} {} cycles = {} latency + {} throughput\n", p.unit,
                       grouped(p.cycles), p.latency, grouped(p.throughput_cycles));
  out += fmt::format("  {:<16} {}\n", "cycles", grouped(r.cycles));
  out += fmt::format("  {:<16} {} ps ({}) at {}\n", "time", grouped(r.ps), human_ps(r.ps),
                     hw::Frequency::hz(r.frequency_hz).to_string());
  return out;
}

nlohmann::ordered_json to_json(const MathCostReport& r) {
  const auto& q = r.request;
  nlohmann::ordered_json j;
  j["command"] = "math";
  j["hw"] = r.hw_name;
  j["overrides"] = r.overrides;
  if (q.op)
    j["op"] = hw::to_string(*q.op);
  else
    j["reduce"] = to_string(*q.reduce);
  j["elements"] = q.elements;
  j["dtype"] = hw::to_string(q.precision);
  j["lanes"] = r.lanes;
  j["pack"] = r.pack;
  nlohmann::ordered_json passes = nlohmann::ordered_json::array();
  for (const auto& p : r.passes)
    passes.push_back({{"unit", p.unit},
                      {"latency_cycles", p.latency},
                      {"throughput_cycles", p.throughput_cycles},
                      {"cycles", p.cycles}});
  j["passes"] = passes;
  j["cycles"] = r.cycles;
  j["frequency_hz"] = r.frequency_hz;
  j["ps"] = r.ps;
  return j;
}

}  // namespace kernbench::app
