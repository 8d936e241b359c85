#include "tl/data_env.hpp"

#include <stdexcept>

namespace kernbench::tl {

std::shared_ptr<const data::Array> DataEnv::value(const Tensor::State& s) {
  if (!s.device) return std::make_shared<const data::Array>(s.host.materialize());
  if (s.view_src) return std::make_shared<const data::Array>(s.view_fn(*value(*s.view_src)));
  return stored(s);
}

std::shared_ptr<const data::Array> LiveEnv::stored(const Tensor::State& s) {
  if (!s.value) throw std::logic_error("a device tile was read before its producer completed");
  return s.value;
}

std::shared_ptr<const data::Array> ReplayEnv::stored(const Tensor::State& s) {
  auto it = values_.find(&s);
  if (it == values_.end()) {
    throw std::logic_error("replay: a tile was read before its producer was replayed");
  }
  return it->second;
}

}  // namespace kernbench::tl
