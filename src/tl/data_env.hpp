#pragma once
/// @file data_env.hpp
/// Where data effects read tile values and device memory. The live run uses
/// the runner's memory and the tiles' own values; the replay executor
/// (replay.hpp) re-applies the same effects to a copy of the initial memory
/// with its own values, so the two can be compared.

#include <memory>
#include <unordered_map>

#include "data/array.hpp"
#include "data/memory_store.hpp"
#include "tl/tensor.hpp"

namespace kernbench::tl {

class DataEnv {
 public:
  virtual ~DataEnv() = default;
  virtual data::MemoryStore& memory() = 0;
  /// The value of a tile: host values are computed, views follow their
  /// source, device tiles give what their producer's effect stored (shared,
  /// not copied).
  std::shared_ptr<const data::Array> value(const Tensor::State& s);
  /// Records the value a command produced for `s`.
  virtual void set(Tensor::State& s, data::Array v) = 0;

 protected:
  /// The stored value of a device tile (not a view).
  virtual std::shared_ptr<const data::Array> stored(const Tensor::State& s) = 0;
};

/// The live run: values live in the tiles.
class LiveEnv final : public DataEnv {
 public:
  explicit LiveEnv(data::MemoryStore& mem) : mem_(&mem) {}
  data::MemoryStore& memory() override { return *mem_; }
  void set(Tensor::State& s, data::Array v) override {
    s.value = std::make_shared<const data::Array>(std::move(v));
  }

 protected:
  std::shared_ptr<const data::Array> stored(const Tensor::State& s) override;

 private:
  data::MemoryStore* mem_;
};

/// The replay: its own memory and its own value per tile.
class ReplayEnv final : public DataEnv {
 public:
  explicit ReplayEnv(data::MemoryStore mem) : mem_(std::move(mem)) {}
  data::MemoryStore& memory() override { return mem_; }
  void set(Tensor::State& s, data::Array v) override {
    values_[&s] = std::make_shared<const data::Array>(std::move(v));
  }

 protected:
  std::shared_ptr<const data::Array> stored(const Tensor::State& s) override;

 private:
  data::MemoryStore mem_;
  std::unordered_map<const Tensor::State*, std::shared_ptr<const data::Array>> values_;
};

}  // namespace kernbench::tl
