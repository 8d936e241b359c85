// Memory operations of the kernel language: load, store, atomics, block
// pointers and tensor descriptors.

#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "data/layout.hpp"
#include "data/memory_store.hpp"
#include "tl/access.hpp"
#include "tl/errors.hpp"
#include "tl/program.hpp"
#include "tl/runner.hpp"

namespace kernbench::tl {

using data::DType;
using data::Shape;

namespace {
std::vector<std::uint64_t> to_addresses(const data::Array& a) {
  const auto v = a.i64();
  return {v.begin(), v.end()};
}

/// The addresses of the active lanes (for replay attribution).
std::shared_ptr<const std::vector<std::uint64_t>> active_addresses(
    const std::vector<std::uint64_t>& addrs, const data::Array* mask) {
  if (mask == nullptr) return std::make_shared<const std::vector<std::uint64_t>>(addrs);
  auto out = std::make_shared<std::vector<std::uint64_t>>();
  const auto mv = mask->i64();
  for (std::size_t i = 0; i < addrs.size(); ++i) {
    if (mv[i] != 0) out->push_back(addrs[i]);
  }
  return out;
}
}  // namespace

Program::Lanes Program::lanes_of(const Tensor& ptrs, const std::optional<Tensor>& mask) {
  if (!ptrs.is_pointer()) {
    throw KernelError(
        fmt::format("{}, tl.{}: expects a pointer tile (pointer + offsets), got a {} "
                    "tile of {}",
                    where(), op_, ptrs.shape().to_string(), data::name(ptrs.dtype())));
  }
  Lanes l;
  l.elem_t = ptrs.state().pointee;
  l.elem = data::size_of(l.elem_t);
  l.ptr = host_of(ptrs, op_);
  if (mask) {
    l.mask = host_of(*mask, op_);
    (void)data::broadcast_shapes(l.mask->shape(), l.ptr.shape(), op_);
  }
  cpu(runner_->config().pe.cpu.scalar_op_cycles);
  l.acc = analyse_access(l.ptr, l.mask, l.elem);
  // Bounds: in both modes, before anything is issued.
  try {
    if (l.acc.active > 0) {
      if (std::holds_alternative<hw::Gather>(l.acc.pattern)) {
        runner_->memory().check_lanes(l.acc.gather, l.elem, nullptr, op_);
      } else {
        runner_->memory().check_range(l.acc.lo, l.acc.span);
      }
    }
  } catch (const data::OutOfBoundsError& e) {
    throw KernelError(fmt::format("{}, tl.{}: {}", where(), op_, e.what()));
  }
  return l;
}

hw::CommandPtr Program::dma_command(hw::CommandKind kind, Lanes& l) {
  auto cmd = command(kind, op_);
  cmd->bytes = l.acc.active * l.elem;
  cmd->tcm_bytes = cmd->bytes;
  cmd->changes_memory = kind == hw::CommandKind::dma_write;
  if (std::holds_alternative<hw::Gather>(l.acc.pattern)) {
    cmd->gather_addrs = std::move(l.acc.gather);
    cmd->pattern = hw::Gather{cmd->gather_addrs, l.elem};
  } else {
    cmd->pattern = l.acc.pattern;
  }
  return cmd;
}

Program::LaneArrays Program::lane_arrays(const Lanes& l) const {
  LaneArrays a;
  a.addrs = std::make_shared<std::vector<std::uint64_t>>(to_addresses(l.ptr.materialize()));
  if (l.mask) {
    a.mask =
        std::make_shared<data::Array>(data::broadcast_to(l.mask->materialize(), l.ptr.shape()));
  }
  if (runner_->replay_enabled()) a.writes = active_addresses(*a.addrs, a.mask.get());
  return a;
}

Tensor Program::mem_access(bool write, const Tensor& ptrs, const Tensor* value,
                           const std::optional<Tensor>& mask, const std::optional<Tensor>& other) {
  Lanes l = lanes_of(ptrs, mask);
  const DType elem_t = l.elem_t;
  const std::uint64_t elem = l.elem;
  const Access& acc = l.acc;
  auto cmd = dma_command(write ? hw::CommandKind::dma_write : hw::CommandKind::dma_read, l);
  Compute compute;
  EffectDesc desc;
  std::shared_ptr<const std::vector<std::uint64_t>> writes;
  // Every lane active and the lanes form rows of contiguous elements: the
  // data effect copies rows instead of going lane by lane.
  const auto numel = static_cast<std::uint64_t>(l.ptr.shape().numel());
  const auto* run = std::get_if<hw::Contiguous>(&acc.pattern);
  const auto* tile = std::get_if<hw::Strided2D>(&acc.pattern);
  if (runner_->data_mode() && acc.active == numel && numel > 0 && (run || tile) &&
      !acc.transposed && !runner_->replay_enabled() && !describing()) {
    const std::uint64_t addr = run ? run->addr : tile->addr;
    const std::int64_t rows = run ? 1 : static_cast<std::int64_t>(tile->rows);
    const std::int64_t cols = static_cast<std::int64_t>(numel) / rows;
    const std::uint64_t stride = run ? 0 : tile->stride;
    const Shape shape = l.ptr.shape();
    if (write) {
      compute = [addr, rows, cols, stride, v = value->shared(), elem_t, shape](DataEnv& env) {
        const data::Array vals = data::cast(data::broadcast_to(*env.value(*v), shape), elem_t);
        env.memory().store_rows(addr, rows, cols, stride, vals);
        return data::Array();
      };
    } else {
      compute = [addr, rows, cols, stride, elem_t, shape](DataEnv& env) {
        return env.memory().load_rows(addr, rows, cols, stride, elem_t, shape);
      };
    }
  } else if (runner_->data_mode()) {
    LaneArrays lanes = lane_arrays(l);
    const Shape shape = l.ptr.shape();
    writes = write ? lanes.writes : nullptr;
    auto addrs = lanes.addrs;
    auto mask_arr = lanes.mask;
    if (describing()) {
      desc = EffectDesc{.op = write ? "store" : "load",
                        .in = {write ? value->shared() : (other ? other->shared() : nullptr)},
                        .dtype = elem_t,
                        .shape = shape,
                        .addrs = addrs,
                        .mask = mask_arr};
    }
    if (write) {
      compute = [addrs, mask_arr, v = value->shared(), elem_t, shape](DataEnv& env) {
        const data::Array vals = data::cast(data::broadcast_to(*env.value(*v), shape), elem_t);
        env.memory().scatter(*addrs, vals, mask_arr.get());
        return data::Array();
      };
    } else {
      compute = [addrs, mask_arr, o = other ? other->shared() : nullptr, elem_t,
                 shape](DataEnv& env) {
        std::optional<data::Array> other_arr;
        if (o) other_arr = data::cast(data::broadcast_to(*env.value(*o), shape), elem_t);
        return env.memory().gather(*addrs, elem_t, shape, mask_arr.get(),
                                   other_arr ? &*other_arr : nullptr);
      };
    }
  }
  const Shape out_shape = ptrs.shape();
  if (write) {
    issue(std::move(cmd), nullptr, elem_t, {value}, std::move(compute), std::move(desc),
          std::move(writes), elem);
    return Tensor();
  }
  return issue(std::move(cmd), &out_shape, elem_t, {other ? &*other : nullptr}, std::move(compute),
               std::move(desc));
}

Tensor Program::load(const Tensor& ptrs, const std::optional<Tensor>& mask,
                     const std::optional<Tensor>& other) {
  op_ = "load";
  return mem_access(false, ptrs, nullptr, mask, other);
}

Tensor Program::load(Ptr p) {
  op_ = "load";
  const Tensor ptr = make_host(
      HostValue::splat_int(Shape{}, static_cast<std::int64_t>(p.addr), DType::i64), true, p.dtype);
  return mem_access(false, ptr, nullptr, std::nullopt, std::nullopt);
}

void Program::store(const Tensor& ptrs, const Tensor& value, const std::optional<Tensor>& mask) {
  op_ = "store";
  (void)data::broadcast_shapes(value.shape(), ptrs.shape(), "store");
  mem_access(true, ptrs, &value, mask, std::nullopt);
}

void Program::store(Ptr p, const Tensor& value) {
  op_ = "store";
  const Tensor ptr = make_host(
      HostValue::splat_int(Shape{}, static_cast<std::int64_t>(p.addr), DType::i64), true, p.dtype);
  mem_access(true, ptr, &value, std::nullopt, std::nullopt);
}

// ---- atomics ----------------------------------------------------------------

Tensor Program::atomic(data::AtomicOp op, const Tensor& ptrs, const Tensor& val,
                       const std::optional<Tensor>& mask, const std::optional<Tensor>& cmp) {
  Lanes l = lanes_of(ptrs, mask);
  // A read-modify-write at the memory: costed as a DMA of its lanes, both
  // ways. Atomics are acquire-release (Triton's default `sem`): they wait for
  // every command this program issued before them.
  auto cmd = dma_command(hw::CommandKind::dma_write, l);
  cmd->bytes *= 2;
  cmd->tcm_bytes = 0;
  for (const hw::Completion& c : outstanding_) {
    if (!c.processed()) cmd->deps.push_back(c);
  }
  Compute compute;
  EffectDesc desc;
  std::shared_ptr<const std::vector<std::uint64_t>> writes;
  const Shape shape = l.ptr.shape();
  const DType elem_t = l.elem_t;
  if (runner_->data_mode()) {
    LaneArrays lanes = lane_arrays(l);
    writes = lanes.writes;
    if (describing()) {
      desc = EffectDesc{.op = "atomic",
                        .in = {val.shared(), cmp ? cmp->shared() : nullptr},
                        .code = static_cast<int>(op),
                        .dtype = elem_t,
                        .shape = shape,
                        .addrs = lanes.addrs,
                        .mask = lanes.mask};
    }
    compute = [addrs = lanes.addrs, mask_arr = lanes.mask, op, elem_t, shape, v = val.shared(),
               c = cmp ? cmp->shared() : nullptr](DataEnv& env) {
      const data::Array vals = data::cast(data::broadcast_to(*env.value(*v), shape), elem_t);
      std::optional<data::Array> cmp_arr;
      if (c) cmp_arr = data::cast(data::broadcast_to(*env.value(*c), shape), elem_t);
      return env.memory().atomic(op, *addrs, vals, mask_arr.get(), cmp_arr ? &*cmp_arr : nullptr);
    };
  }
  return issue(std::move(cmd), &shape, elem_t, {&val, cmp ? &*cmp : nullptr}, std::move(compute),
               std::move(desc), std::move(writes), l.elem);
}

Tensor Program::atomic_add(const Tensor& p, const Tensor& v, const std::optional<Tensor>& m) {
  op_ = "atomic_add";
  return atomic(data::AtomicOp::add, p, v, m, std::nullopt);
}
Tensor Program::atomic_max(const Tensor& p, const Tensor& v, const std::optional<Tensor>& m) {
  op_ = "atomic_max";
  return atomic(data::AtomicOp::max, p, v, m, std::nullopt);
}
Tensor Program::atomic_min(const Tensor& p, const Tensor& v, const std::optional<Tensor>& m) {
  op_ = "atomic_min";
  return atomic(data::AtomicOp::min, p, v, m, std::nullopt);
}
Tensor Program::atomic_xchg(const Tensor& p, const Tensor& v, const std::optional<Tensor>& m) {
  op_ = "atomic_xchg";
  return atomic(data::AtomicOp::xchg, p, v, m, std::nullopt);
}
Tensor Program::atomic_cas(const Tensor& p, const Tensor& cmp, const Tensor& v) {
  op_ = "atomic_cas";
  return atomic(data::AtomicOp::cas, p, v, std::nullopt, cmp);
}

namespace {
Tensor scalar_ptr(Program& prog, Ptr p) {
  return prog.make_host(
      HostValue::splat_int(Shape{}, static_cast<std::int64_t>(p.addr), DType::i64), true, p.dtype);
}
}  // namespace

Tensor Program::atomic_add(Ptr p, double val) {
  return atomic_add(scalar_ptr(*this, p), scalar(val, p.dtype));
}
Tensor Program::atomic_xchg(Ptr p, double val) {
  return atomic_xchg(scalar_ptr(*this, p), scalar(val, p.dtype));
}
Tensor Program::atomic_cas(Ptr p, double cmp, double val) {
  return atomic_cas(scalar_ptr(*this, p), scalar(cmp, p.dtype), scalar(val, p.dtype));
}

// ---- block pointers and tensor descriptors ------------------------------------

BlockPtr Program::make_block_ptr(Ptr base, std::vector<std::int64_t> shape,
                                 std::vector<std::int64_t> strides,
                                 std::vector<std::int64_t> offsets,
                                 std::vector<std::int64_t> block_shape, std::vector<int> order) {
  op_ = "make_block_ptr";
  const std::size_t r = block_shape.size();
  if (shape.size() != r || strides.size() != r || offsets.size() != r || r == 0 || r > 4) {
    throw KernelError(fmt::format(
        "{}, tl.make_block_ptr: shape, strides, offsets and block_shape must have the same rank "
        "(1..4); got {}, {}, {} and {}",
        where(), shape.size(), strides.size(), offsets.size(), r));
  }
  return BlockPtr{base.addr,          base.dtype,         std::move(shape),
                  std::move(strides), std::move(offsets), std::move(block_shape),
                  std::move(order)};
}

BlockPtr Program::advance(const BlockPtr& p, std::vector<std::int64_t> offsets) const {
  if (offsets.size() != p.offsets.size()) {
    throw KernelError(fmt::format("{}, tl.advance: {} offsets for a block pointer of rank {}",
                                  where(), offsets.size(), p.offsets.size()));
  }
  BlockPtr q = p;
  for (std::size_t i = 0; i < offsets.size(); ++i) q.offsets[i] += offsets[i];
  return q;
}

namespace {
/// Pointer tile and bounds mask of a block window.
std::pair<Tensor, std::optional<Tensor>> window(Program& prog, std::uint64_t base, DType dtype,
                                                const std::vector<std::int64_t>& shape,
                                                const std::vector<std::int64_t>& strides,
                                                const std::vector<std::int64_t>& offsets,
                                                const std::vector<std::int64_t>& block,
                                                const std::vector<int>& check) {
  const int r = static_cast<int>(block.size());
  const auto esize = static_cast<std::int64_t>(data::size_of(dtype));
  Tensor addr = prog.full(Shape{}, 0, DType::i64);
  std::optional<Tensor> mask;
  for (int k = 0; k < r; ++k) {
    Tensor idx =
        prog.arange(0, block[static_cast<std::size_t>(k)]) + offsets[static_cast<std::size_t>(k)];
    for (int j = 0; j < r; ++j) {
      if (j < k) idx = prog.expand_dims(idx, 0);
      if (j > k) idx = prog.expand_dims(idx, -1);
    }
    addr = addr + prog.cast(idx, DType::i64) * (strides[static_cast<std::size_t>(k)] * esize);
    bool checked = false;
    for (int c : check) checked = checked || c == k;
    if (checked) {
      Tensor in = (idx >= 0) & (idx < shape[static_cast<std::size_t>(k)]);
      mask = mask ? (*mask & in) : in;
    }
  }
  HostValue a = addr.state().host;
  Tensor ptr = prog.make_host(
      binary(data::BinOp::add, a,
             HostValue::splat_int(Shape{}, static_cast<std::int64_t>(base), DType::i64)),
      true, dtype);
  return {ptr, mask};
}
}  // namespace

Tensor Program::load(const BlockPtr& p, std::vector<int> boundary_check, Padding padding) {
  auto [ptr, mask] =
      window(*this, p.base, p.dtype, p.shape, p.strides, p.offsets, p.block_shape, boundary_check);
  op_ = "load";
  std::optional<Tensor> other;
  if (mask && padding == Padding::nan) {
    other = full(Shape{}, std::numeric_limits<double>::quiet_NaN(), p.dtype);
  }
  return mem_access(false, ptr, nullptr, mask, other);
}

void Program::store(const BlockPtr& p, const Tensor& value, std::vector<int> boundary_check) {
  auto [ptr, mask] =
      window(*this, p.base, p.dtype, p.shape, p.strides, p.offsets, p.block_shape, boundary_check);
  op_ = "store";
  mem_access(true, ptr, &value, mask, std::nullopt);
}

TensorDescriptor Program::make_tensor_descriptor(Ptr base, std::vector<std::int64_t> shape,
                                                 std::vector<std::int64_t> strides,
                                                 std::vector<std::int64_t> block_shape) {
  if (shape.size() != strides.size() || shape.size() != block_shape.size() || shape.empty()) {
    throw KernelError(fmt::format(
        "{}, tl.make_tensor_descriptor: shape, strides and block_shape must have the same rank",
        where()));
  }
  return TensorDescriptor{base.addr, base.dtype, std::move(shape), std::move(strides),
                          std::move(block_shape)};
}

Tensor Program::load(const TensorDescriptor& d, std::vector<std::int64_t> offsets) {
  std::vector<int> all(d.shape.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<int>(i);
  auto [ptr, mask] =
      window(*this, d.base, d.dtype, d.shape, d.strides, offsets, d.block_shape, all);
  op_ = "load";
  return mem_access(false, ptr, nullptr, mask, std::nullopt);
}

void Program::store(const TensorDescriptor& d, std::vector<std::int64_t> offsets,
                    const Tensor& value) {
  std::vector<int> all(d.shape.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<int>(i);
  auto [ptr, mask] =
      window(*this, d.base, d.dtype, d.shape, d.strides, offsets, d.block_shape, all);
  op_ = "store";
  mem_access(true, ptr, &value, mask, std::nullopt);
}

}  // namespace kernbench::tl
