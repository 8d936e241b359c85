#include "tl/effect_desc.hpp"

#include <nlohmann/json.hpp>

#include "tl/effect_codec.hpp"

namespace kernbench::tl {
namespace {

nlohmann::json shape_json(const data::Shape& s) {
  nlohmann::json out = nlohmann::json::array();
  for (int d = 0; d < s.rank(); ++d) out.push_back(s[d]);
  return out;
}

nlohmann::json step_json(const ViewStep& v) {
  switch (v.kind) {
    case ViewStep::Kind::expand_dims:
      return {{"expand_dims", v.axis}};
    case ViewStep::Kind::broadcast_to:
      return {{"broadcast_to", shape_json(v.shape)}};
    case ViewStep::Kind::trans:
      return {{"trans", true}};
    case ViewStep::Kind::reshape:
      break;
  }
  return {{"reshape", shape_json(v.shape)}};
}

/// A value input as the record that produced it (through views) or a literal.
nlohmann::json ref_json(const Tensor::State& s) {
  if (!s.device) return {{"lit", encode_array(s.host.materialize())}};
  std::vector<const Tensor::State*> chain;
  const Tensor::State* at = &s;
  while (at->view_src) {
    chain.push_back(at);
    at = at->view_src.get();
  }
  nlohmann::json ref = {{"r", at->record}};
  if (!chain.empty()) {
    nlohmann::json steps = nlohmann::json::array();
    for (auto it = chain.rbegin(); it != chain.rend(); ++it)
      steps.push_back(step_json((*it)->view_step));
    ref["view"] = std::move(steps);
  }
  return ref;
}

std::string_view family_of(std::string_view op) {
  return op == "binary" || op == "unary" || op == "reduce" || op == "atomic" ? op : "";
}

}  // namespace

std::string effect_json(const EffectDesc& d) {
  nlohmann::json j = {{"op", d.op}};
  const std::string_view family = family_of(d.op);
  if (!family.empty()) j["fn"] = op_name(family, d.code);
  nlohmann::json in = nlohmann::json::array();
  for (const auto& s : d.in) in.push_back(s ? ref_json(*s) : nlohmann::json());
  j["in"] = std::move(in);
  const std::string_view op = d.op;
  if (op == "reduce") {
    j["axis"] = d.axis ? nlohmann::json(*d.axis) : nlohmann::json();
    j["keep_dims"] = d.keep_dims;
  }
  if (op == "dot" || op == "cast" || op == "load" || op == "store" || op == "atomic") {
    j["dtype"] = static_cast<int>(d.dtype);
  }
  if (op == "dot") j["precision"] = data::name(d.precision);
  if (d.addrs) {
    j["shape"] = shape_json(d.shape);
    j["addrs"] = encode_addresses(*d.addrs);
    if (d.mask) j["mask"] = encode_array(*d.mask);
  }
  return j.dump();
}

}  // namespace kernbench::tl
