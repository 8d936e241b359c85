#include "tl/effect_replay.hpp"

#include <optional>

#include "data/dot.hpp"
#include "data/elementwise.hpp"
#include "data/layout.hpp"
#include "data/reduce.hpp"
#include "tl/effect_codec.hpp"

namespace kernbench::tl {
namespace {

using nlohmann::json;

const json& member(const json& obj, const char* key, const std::string& where) {
  if (!obj.is_object() || !obj.contains(key)) {
    throw std::runtime_error(where + ": missing key '" + key + "'");
  }
  return obj[key];
}

std::string text(const json& obj, const char* key, const std::string& where) {
  const json& v = member(obj, key, where);
  if (!v.is_string()) throw std::runtime_error(where + "." + key + ": expected a string");
  return v.get<std::string>();
}

data::DType dtype_at(const json& obj, const char* key, const std::string& where) {
  const json& v = member(obj, key, where);
  if (!is_count(v) || v.get<std::uint64_t>() >= static_cast<std::uint64_t>(data::kNumDTypes)) {
    throw std::runtime_error(where + "." + key + ": expected a dtype code below " +
                             std::to_string(data::kNumDTypes));
  }
  return static_cast<data::DType>(v.get<int>());
}

data::Shape shape_at(const json& obj, const char* key, const std::string& where) {
  const json& v = member(obj, key, where);
  if (!v.is_array() || v.size() > static_cast<std::size_t>(data::Shape::kMaxRank)) {
    throw std::runtime_error(where + "." + key + ": expected a shape (a list of dimensions)");
  }
  std::vector<std::int64_t> dims;
  for (const json& d : v) {
    if (!is_count(d)) {
      throw std::runtime_error(where + "." + key + ": a dimension is not a count");
    }
    dims.push_back(d.get<std::int64_t>());
  }
  return data::Shape(std::span<const std::int64_t>(dims));
}

data::Array apply_step(const data::Array& a, const json& step, const std::string& key) {
  if (!step.is_object() || step.size() != 1) {
    throw std::runtime_error(key +
                             ": expected one of {\"expand_dims\": AXIS}, "
                             "{\"broadcast_to\": SHAPE}, {\"trans\": true}, {\"reshape\": SHAPE}");
  }
  if (step.contains("expand_dims")) {
    if (!step["expand_dims"].is_number_integer()) {
      throw std::runtime_error(key + ".expand_dims: expected an axis");
    }
    return data::expand_dims(a, step["expand_dims"].get<int>());
  }
  if (step.contains("broadcast_to"))
    return data::broadcast_to(a, shape_at(step, "broadcast_to", key));
  if (step.contains("trans")) return data::trans(a);
  if (step.contains("reshape")) return data::reshape(a, shape_at(step, "reshape", key));
  throw std::runtime_error(key + ": unknown view step " + step.begin().key());
}

}  // namespace

data::Array EffectReplayer::value_of(const json& ref, const std::string& key) const {
  if (ref.is_object() && ref.contains("lit")) return decode_array(ref["lit"], key + ".lit");
  if (!ref.is_object() || !ref.contains("r") || !is_count(ref["r"])) {
    throw std::runtime_error(key + ": expected {\"r\": RECORD_ID} or {\"lit\": ARRAY}");
  }
  const auto producer = ref["r"].get<trace::OpId>();
  const auto it = values_.find(producer);
  if (it == values_.end()) {
    throw UnappliedInputError(
        key + ": reads the value of record " + std::to_string(producer) + ", which has not run yet",
        producer);
  }
  if (!ref.contains("view")) return *it->second;
  const json& steps = ref["view"];
  if (!steps.is_array()) throw std::runtime_error(key + ".view: expected a list of view steps");
  data::Array v = *it->second;
  for (std::size_t s = 0; s < steps.size(); ++s) {
    v = apply_step(v, steps[s], key + ".view[" + std::to_string(s) + "]");
  }
  return v;
}

bool EffectReplayer::has_input(const json& e, std::size_t i) const {
  const json& in = e["in"];
  return i < in.size() && !in[i].is_null();
}

data::Array EffectReplayer::input(const json& e, std::size_t i, const std::string& where) const {
  const std::string key = where + ".in[" + std::to_string(i) + "]";
  if (!has_input(e, i)) throw std::runtime_error(key + ": missing input");
  return value_of(e["in"][i], key);
}

data::Array EffectReplayer::memory_op(const json& e, const std::string& op,
                                      const std::string& where) {
  const data::DType elem = dtype_at(e, "dtype", where);
  const data::Shape shape = shape_at(e, "shape", where);
  const std::vector<std::uint64_t> addrs =
      decode_addresses(member(e, "addrs", where), where + ".addrs");
  if (static_cast<std::int64_t>(addrs.size()) != shape.numel()) {
    throw std::runtime_error(where + ".addrs: " + std::to_string(addrs.size()) +
                             " addresses for lane shape " + shape.to_string());
  }
  std::optional<data::Array> mask;
  if (e.contains("mask")) mask = decode_array(e["mask"], where + ".mask");
  const data::Array* m = mask ? &*mask : nullptr;
  try {
    if (op == "load") {
      std::optional<data::Array> other;
      if (has_input(e, 0)) other = data::cast(data::broadcast_to(input(e, 0, where), shape), elem);
      return memory_->gather(addrs, elem, shape, m, other ? &*other : nullptr);
    }
    const data::Array vals = data::cast(data::broadcast_to(input(e, 0, where), shape), elem);
    if (op == "store") {
      memory_->scatter(addrs, vals, m);
      return data::Array();
    }
    const auto aop =
        static_cast<data::AtomicOp>(op_code("atomic", text(e, "fn", where), where + ".fn"));
    std::optional<data::Array> cmp;
    if (has_input(e, 1)) cmp = data::cast(data::broadcast_to(input(e, 1, where), shape), elem);
    return memory_->atomic(aop, addrs, vals, m, cmp ? &*cmp : nullptr);
  } catch (const data::OutOfBoundsError& err) {
    throw std::runtime_error(where + ": " + op + ": " + err.what());
  }
}

data::Array EffectReplayer::compute(const json& e, const std::string& op,
                                    const std::string& where) {
  if (op == "binary") {
    const auto f = static_cast<data::BinOp>(op_code("binary", text(e, "fn", where), where + ".fn"));
    return data::binary(f, input(e, 0, where), input(e, 1, where));
  }
  if (op == "unary") {
    const auto f = static_cast<data::UnOp>(op_code("unary", text(e, "fn", where), where + ".fn"));
    return data::unary(f, input(e, 0, where));
  }
  if (op == "where") return data::where(input(e, 0, where), input(e, 1, where), input(e, 2, where));
  if (op == "fma") return data::fma(input(e, 0, where), input(e, 1, where), input(e, 2, where));
  if (op == "clamp") return data::clamp(input(e, 0, where), input(e, 1, where), input(e, 2, where));
  if (op == "cast") return data::cast(input(e, 0, where), dtype_at(e, "dtype", where));
  if (op == "reduce") {
    const auto f = static_cast<data::RedOp>(op_code("reduce", text(e, "fn", where), where + ".fn"));
    const json& ax = member(e, "axis", where);
    if (!ax.is_null() && !ax.is_number_integer()) {
      throw std::runtime_error(where + ".axis: expected an axis or null");
    }
    const std::optional<int> axis = ax.is_null() ? std::nullopt : std::optional<int>(ax.get<int>());
    const json& kd = member(e, "keep_dims", where);
    if (!kd.is_boolean()) throw std::runtime_error(where + ".keep_dims: expected true or false");
    return data::reduce(f, input(e, 0, where), axis, kd.get<bool>());
  }
  if (op == "dot") {
    const data::DotPrecision p = data::parse_precision(text(e, "precision", where));
    std::optional<data::Array> acc;
    if (has_input(e, 2)) acc = input(e, 2, where);
    return data::dot(input(e, 0, where), input(e, 1, where), acc ? &*acc : nullptr,
                     dtype_at(e, "dtype", where), p);
  }
  throw std::runtime_error(where + ".op: `" + op +
                           "` is not an effect; expected load, store, atomic, binary, unary, "
                           "where, fma, clamp, cast, reduce or dot");
}

void EffectReplayer::apply(trace::OpId id, const json& effect, const std::string& where) {
  const std::string key = where + ": effect";
  if (!effect.is_object()) throw std::runtime_error(key + ": expected an object");
  const std::string op = text(effect, "op", key);
  if (!member(effect, "in", key).is_array()) throw std::runtime_error(key + ".in: expected a list");
  const bool memory = op == "load" || op == "store" || op == "atomic";
  data::Array v;
  try {
    v = memory ? memory_op(effect, op, key) : compute(effect, op, key);
  } catch (const UnappliedInputError&) {
    throw;
  } catch (const std::runtime_error& err) {
    const std::string msg = err.what();
    if (msg.rfind(where, 0) == 0) throw;
    throw std::runtime_error(key + ": " + op + ": " + msg);
  }
  if (op != "store") values_[id] = std::make_shared<const data::Array>(std::move(v));
}

}  // namespace kernbench::tl
