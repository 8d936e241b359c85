#include "data/memory_store.hpp"

#include <bit>
#include <cstring>
#include <new>
#include <optional>
#include <sstream>

#include "data/convert.hpp"
#include "data/elementwise.hpp"
#include "data/layout.hpp"

namespace kernbench::data {
namespace {

static_assert(std::endian::native == std::endian::little,
              "simulated memory is little-endian and copied with memcpy");

std::string hex(std::uint64_t v) {
  std::ostringstream os;
  os << "0x" << std::hex << v;
  return os.str();
}

std::string describe(const Array& a) {
  return std::string(name(a.dtype())) + a.shape().to_string();
}

std::uint64_t load_bits(const std::byte* p, std::size_t n) {
  std::uint64_t v = 0;
  std::memcpy(&v, p, n);
  return v;
}

void store_bits(std::byte* p, std::uint64_t v, std::size_t n) {
  std::memcpy(p, &v, n);
}

std::int64_t bits_to_int(DType t, std::uint64_t bits) {
  switch (t) {
    case DType::i8:
      return static_cast<std::int8_t>(static_cast<std::uint8_t>(bits));
    case DType::i16:
      return static_cast<std::int16_t>(static_cast<std::uint16_t>(bits));
    case DType::i32:
      return static_cast<std::int32_t>(static_cast<std::uint32_t>(bits));
    case DType::i64:
      return static_cast<std::int64_t>(bits);
    case DType::u8:
      return static_cast<std::uint8_t>(bits);
    case DType::u32:
      return static_cast<std::uint32_t>(bits);
    case DType::boolean:
      return (bits & 0xFFu) != 0 ? 1 : 0;
    default:
      throw std::logic_error("bits_to_int on a float dtype");
  }
}

// Active-lane flags for `shape` from an optional mask of any dtype.
std::vector<unsigned char> lane_mask(const Array* mask, const Shape& shape, std::string_view op) {
  std::vector<unsigned char> on(static_cast<std::size_t>(shape.numel()), 1);
  if (!mask) return on;
  std::optional<Array> broadcast;  // only when the mask's shape differs
  if (!(mask->shape() == shape)) {
    try {
      broadcast = broadcast_to(*mask, shape);
    } catch (const ShapeError&) {
      throw ShapeError(std::string(op) + ": mask " + describe(*mask) +
                       " does not broadcast to the access shape " + shape.to_string());
    }
  }
  const Array& m = broadcast ? *broadcast : *mask;
  if (m.has_float_storage()) {
    const auto v = m.f32();
    for (std::size_t i = 0; i < on.size(); ++i) on[i] = v[i] != 0.0f;
  } else {
    const auto v = m.i64();
    for (std::size_t i = 0; i < on.size(); ++i) on[i] = v[i] != 0;
  }
  return on;
}

// Whether [a, a + n) lies inside the live allocation `e` (null-safe; the
// fast path for consecutive lanes hitting the same buffer).
template <class E>
bool fits(const E* e, std::uint64_t a, std::uint64_t n) {
  return e && !e->info.freed && a >= e->info.base && a < e->info.end() && n <= e->info.end() - a;
}

void check_lane_count(std::size_t addrs, const Shape& shape, std::string_view op) {
  if (static_cast<std::int64_t>(addrs) != shape.numel()) {
    throw ShapeError(std::string(op) + ": " + std::to_string(addrs) +
                     " addresses given for shape " + shape.to_string() + " (" +
                     std::to_string(shape.numel()) + " lanes)");
  }
}

/// Refuses a cmp array without cas (or cas without one) and bitwise
/// atomics on float dtypes.
void check_atomic_args(AtomicOp op, DType t, const Array* cmp, const std::string& opname) {
  if (op == AtomicOp::cas && !cmp) throw ValueError(opname + ": cas needs a cmp array");
  if (op != AtomicOp::cas && cmp) throw ValueError(opname + ": cmp is only used by cas");
  if ((op == AtomicOp::bit_and || op == AtomicOp::bit_or || op == AtomicOp::bit_xor) &&
      !is_integral(t)) {
    throw DTypeError(opname + ": bitwise atomics need an integer or bool dtype");
  }
}

/// cas's comparands cast to `t` and broadcast to the value shape (empty
/// without cmp).
Array broadcast_cmp(const Array* cmp, DType t, const Shape& shape, const std::string& opname) {
  Array cmp_t;
  if (cmp) {
    try {
      cmp_t = broadcast_to(cast(*cmp, t), shape);
    } catch (const ShapeError&) {
      throw ShapeError(opname + ": cmp " + describe(*cmp) + " does not broadcast to " +
                       shape.to_string());
    }
  }
  return cmp_t;
}

/// The new bits of a float lane holding `bits` (value `cur`) after `op` with
/// `v`. Unchanged memory keeps its exact bits (a NaN payload survives).
std::uint64_t float_atomic_bits(AtomicOp op, DType t, std::uint64_t bits, float cur, float v,
                                const Array& cmp_t, std::size_t i) {
  switch (op) {
    case AtomicOp::add:
      return float_to_bits(t, cur + v);
    case AtomicOp::max:
      return v > cur || cur != cur ? float_to_bits(t, v) : bits;
    case AtomicOp::min:
      return v < cur || cur != cur ? float_to_bits(t, v) : bits;
    case AtomicOp::xchg:
      return float_to_bits(t, v);
    case AtomicOp::cas:
      return bits == float_to_bits(t, cmp_t.f32()[i]) ? float_to_bits(t, v) : bits;
    default:
      throw std::logic_error("float bitwise atomic");
  }
}

/// The new value of an integer lane holding `cur` after `op` with `v`.
std::int64_t int_atomic_value(AtomicOp op, DType t, std::int64_t cur, std::int64_t v,
                              const Array& cmp_t, std::size_t i) {
  switch (op) {
    case AtomicOp::add:
      return wrap_int(t, static_cast<std::int64_t>(static_cast<std::uint64_t>(cur) +
                                                   static_cast<std::uint64_t>(v)));
    case AtomicOp::max:
      return v > cur ? v : cur;
    case AtomicOp::min:
      return v < cur ? v : cur;
    case AtomicOp::xchg:
      return v;
    case AtomicOp::cas:
      return cur == cmp_t.i64()[i] ? v : cur;
    case AtomicOp::bit_and:
      return cur & v;
    case AtomicOp::bit_or:
      return cur | v;
    case AtomicOp::bit_xor:
      return cur ^ v;
  }
  return cur;
}

/// Applies `op` to lane `i` at `p` (`es` bytes of dtype `t`) and records the
/// value it held in `old`.
void atomic_lane(AtomicOp op, DType t, std::byte* p, std::size_t es, const Array& values,
                 const Array& cmp_t, std::size_t i, Array& old) {
  const std::uint64_t bits = load_bits(p, es);
  std::uint64_t new_bits = bits;
  if (is_float(t)) {
    const float cur = bits_to_float(t, static_cast<std::uint32_t>(bits));
    const float v = values.f32()[i];
    old.mutable_f32()[i] = cur;
    new_bits = float_atomic_bits(op, t, bits, cur, v, cmp_t, i);
  } else {
    const std::int64_t cur = bits_to_int(t, bits);
    const std::int64_t v = values.i64()[i];
    old.mutable_i64()[i] = cur;
    new_bits = static_cast<std::uint64_t>(int_atomic_value(op, t, cur, v, cmp_t, i));
  }
  store_bits(p, new_bits, es);
}

}  // namespace

std::string_view name(AtomicOp op) {
  switch (op) {
    case AtomicOp::add:
      return "atomic_add";
    case AtomicOp::max:
      return "atomic_max";
    case AtomicOp::min:
      return "atomic_min";
    case AtomicOp::xchg:
      return "atomic_xchg";
    case AtomicOp::cas:
      return "atomic_cas";
    case AtomicOp::bit_and:
      return "atomic_and";
    case AtomicOp::bit_or:
      return "atomic_or";
    case AtomicOp::bit_xor:
      return "atomic_xor";
  }
  throw std::logic_error("unknown AtomicOp");
}

MemoryStore::MemoryStore(bool backed) : backed_(backed) {}

MemoryStore MemoryStore::clone() const {
  MemoryStore m(backed_);
  m.next_ = next_;
  m.entries_ = entries_;
  return m;
}

std::uint64_t MemoryStore::allocate_at(std::uint64_t base, std::uint64_t bytes, std::string name) {
  if (base < next_) {
    throw AllocationError("allocate '" + name + "' at " + hex(base) +
                          ": overlaps an earlier allocation or its red zone (next free address " +
                          hex(next_) + ")");
  }
  next_ = base;
  return allocate(bytes, std::move(name), 1);
}

std::uint64_t MemoryStore::allocate(std::uint64_t bytes, std::string name, std::uint64_t align) {
  const std::string what = "allocate '" + name + "' (" + std::to_string(bytes) + " bytes)";
  if (bytes == 0) throw AllocationError(what + ": size must be at least 1 byte");
  if (bytes > kMaxAllocationBytes) {
    throw AllocationError(what + ": exceeds the per-allocation limit of 1 TiB (" +
                          std::to_string(kMaxAllocationBytes) + " bytes)");
  }
  if (align == 0 || !std::has_single_bit(align) || align > kMaxAlign) {
    throw AllocationError(what + ": alignment " + std::to_string(align) +
                          " must be a power of two between 1 and 2^30");
  }
  const std::uint64_t base = (next_ + align - 1) & ~(align - 1);
  if (base + bytes > kAddressLimit) {
    throw AllocationError(what + ": simulated address space exhausted (limit " +
                          hex(kAddressLimit) + ", " + std::to_string(bytes_in_use()) +
                          " bytes in use)");
  }
  Entry e;
  e.info = Allocation{std::move(name), base, bytes, false};
  if (backed_) {
    try {
      e.bytes.assign(static_cast<std::size_t>(bytes), std::byte{0});
    } catch (const std::bad_alloc&) {
      throw AllocationError(what +
                            ": the host cannot provide that much memory for data "
                            "mode; use timing-only mode for problems this large");
    } catch (const std::length_error&) {
      throw AllocationError(what + ": the host cannot provide that much memory for data mode");
    }
  }
  entries_.emplace(base, std::move(e));
  next_ = base + bytes + kRedZoneBytes;
  return base;
}

void MemoryStore::free(std::uint64_t base) {
  auto it = entries_.find(base);
  if (it == entries_.end()) {
    const Allocation* a = allocation_at(base);
    throw AllocationError(
        "free(" + hex(base) + "): not the base address of an allocation" +
        (a ? " (it is inside '" + a->name + "', whose base is " + hex(a->base) + ")" : ""));
  }
  if (it->second.info.freed) {
    throw AllocationError("free(" + hex(base) + "): allocation '" + it->second.info.name +
                          "' was already freed");
  }
  it->second.info.freed = true;
  std::vector<std::byte>().swap(it->second.bytes);
}

const MemoryStore::Entry* MemoryStore::find(std::uint64_t addr) const {
  auto it = entries_.upper_bound(addr);
  if (it == entries_.begin()) return nullptr;
  --it;
  return addr < it->second.info.end() ? &it->second : nullptr;
}

MemoryStore::Entry* MemoryStore::find(std::uint64_t addr) {
  return const_cast<Entry*>(static_cast<const MemoryStore*>(this)->find(addr));
}

const Allocation* MemoryStore::allocation_at(std::uint64_t addr) const {
  const Entry* e = find(addr);
  return e ? &e->info : nullptr;
}

std::vector<Allocation> MemoryStore::allocations() const {
  std::vector<Allocation> out;
  out.reserve(entries_.size());
  for (const auto& [base, e] : entries_) out.push_back(e.info);
  return out;
}

std::uint64_t MemoryStore::bytes_in_use() const {
  std::uint64_t n = 0;
  for (const auto& [base, e] : entries_) {
    if (!e.info.freed) n += e.info.size;
  }
  return n;
}

void MemoryStore::throw_oob(std::uint64_t addr, std::uint64_t bytes, std::string_view op) const {
  const std::string access =
      std::string(op) + ": " + std::to_string(bytes) + "-byte access at " + hex(addr);
  const auto about = [&](const Allocation& a) {
    std::string s =
        "'" + a.name + "' (base " + hex(a.base) + ", " + std::to_string(a.size) + " bytes";
    if (a.size >= bytes) {
      s += "; valid offsets for a " + std::to_string(bytes) + "-byte access are 0.." +
           std::to_string(a.size - bytes);
    }
    return s + ")";
  };
  if (const Entry* e = find(addr)) {
    const Allocation& a = e->info;
    if (a.freed) {
      throw OutOfBoundsError(
          access + " is inside allocation " + about(a) + ", which was freed (use after free)", addr,
          bytes);
    }
    const std::uint64_t past = addr + bytes - a.end();
    throw OutOfBoundsError(access + " starts at offset " + std::to_string(addr - a.base) +
                               " of allocation " + about(a) + " but runs " + std::to_string(past) +
                               " bytes past its end",
                           addr, bytes);
  }
  if (entries_.empty()) {
    throw OutOfBoundsError(access + " is out of bounds: no memory has been allocated", addr, bytes);
  }
  // Nearest allocation: the one ending at or before addr, or the one after it.
  auto after = entries_.upper_bound(addr);
  const Allocation* prev = after == entries_.begin() ? nullptr : &std::prev(after)->second.info;
  const Allocation* next = after == entries_.end() ? nullptr : &after->second.info;
  const std::uint64_t d_prev = prev ? addr - prev->end() : UINT64_MAX;
  const std::uint64_t d_next = next ? next->base - addr : UINT64_MAX;
  std::string msg = access + " is outside every allocation; nearest is ";
  if (d_prev <= d_next) {
    msg += about(*prev) + (prev->freed ? " [freed]" : "") + ": the access starts " +
           std::to_string(d_prev) + " bytes past its end (offset " +
           std::to_string(addr - prev->base) + ")";
  } else {
    msg += about(*next) + (next->freed ? " [freed]" : "") + ": the access starts " +
           std::to_string(d_next) + " bytes before its base (offset -" + std::to_string(d_next) +
           ")";
  }
  throw OutOfBoundsError(msg, addr, bytes);
}

const MemoryStore::Entry& MemoryStore::checked(std::uint64_t addr, std::uint64_t bytes,
                                               std::string_view op) const {
  const Entry* e = find(addr);
  if (!e || e->info.freed || bytes > e->info.end() - addr) throw_oob(addr, bytes, op);
  return *e;
}

void MemoryStore::check_range(std::uint64_t addr, std::uint64_t bytes) const {
  checked(addr, bytes == 0 ? 1 : bytes, "check_range");
}

void MemoryStore::check_lanes(std::span<const std::uint64_t> addrs, std::uint64_t elem_bytes,
                              const Array* mask, std::string_view op) const {
  std::vector<unsigned char> on(addrs.size(), 1);
  if (mask) {
    if (static_cast<std::size_t>(mask->numel()) != addrs.size()) {
      throw ShapeError(std::string(op) + ": mask " + describe(*mask) + " has " +
                       std::to_string(mask->numel()) + " lanes but " +
                       std::to_string(addrs.size()) + " addresses were given");
    }
    on = lane_mask(mask, mask->shape(), op);
  }
  const Entry* cur = nullptr;
  for (std::size_t i = 0; i < addrs.size(); ++i) {
    if (!on[i]) continue;
    const std::uint64_t a = addrs[i];
    if (fits(cur, a, elem_bytes)) continue;
    const Entry* e = find(a);
    if (!e || e->info.freed || elem_bytes > e->info.end() - a) {
      throw_oob(a, elem_bytes, std::string(op) + " lane " + std::to_string(i));
    }
    cur = e;
  }
}

void MemoryStore::require_backed(std::string_view op) const {
  if (!backed_) {
    throw TimingOnlyError(std::string(op) +
                          ": values are not available in timing-only mode (the memory store "
                          "tracks allocations but holds no bytes); run in data mode to "
                          "inspect or compute on values");
  }
}

void MemoryStore::read(std::uint64_t addr, std::span<std::byte> out) const {
  require_backed("read");
  const Entry& e = checked(addr, out.size() ? out.size() : 1, "read");
  if (!out.empty()) std::memcpy(out.data(), e.bytes.data() + (addr - e.info.base), out.size());
}

void MemoryStore::write(std::uint64_t addr, std::span<const std::byte> in) {
  require_backed("write");
  const Entry& e = checked(addr, in.size() ? in.size() : 1, "write");
  auto& bytes = const_cast<Entry&>(e).bytes;
  if (!in.empty()) std::memcpy(bytes.data() + (addr - e.info.base), in.data(), in.size());
}

Array MemoryStore::gather(std::span<const std::uint64_t> addrs, DType dtype, const Shape& shape,
                          const Array* mask, const Array* other) const {
  const std::string op = "load of " + std::string(name(dtype)) + shape.to_string();
  check_lane_count(addrs.size(), shape, op);
  require_backed(op);
  const auto on = lane_mask(mask, shape, op);
  Array out = other ? broadcast_to(cast(*other, dtype), shape) : Array(shape, dtype);
  const std::size_t es = size_of(dtype);
  const Entry* cur = nullptr;
  const auto entry_for = [&](std::size_t i) -> const Entry& {
    const std::uint64_t a = addrs[i];
    if (fits(cur, a, es)) return *cur;
    const Entry* e = find(a);
    if (!e || e->info.freed || es > e->info.end() - a) {
      throw_oob(a, es, op + " at lane " + index_to_string(shape, static_cast<std::int64_t>(i)));
    }
    cur = e;
    return *e;
  };
  if (dtype == DType::f32) {
    // f32 needs no decoding: copy the bytes.
    auto v = out.mutable_f32();
    for (std::size_t i = 0; i < addrs.size(); ++i) {
      if (!on[i]) continue;
      const Entry& e = entry_for(i);
      std::memcpy(&v[i], e.bytes.data() + (addrs[i] - e.info.base), sizeof(float));
    }
  } else if (is_float(dtype)) {
    auto v = out.mutable_f32();
    for (std::size_t i = 0; i < addrs.size(); ++i) {
      if (!on[i]) continue;
      const Entry& e = entry_for(i);
      const auto bits = load_bits(e.bytes.data() + (addrs[i] - e.info.base), es);
      v[i] = bits_to_float(dtype, static_cast<std::uint32_t>(bits));
    }
  } else {
    auto v = out.mutable_i64();
    for (std::size_t i = 0; i < addrs.size(); ++i) {
      if (!on[i]) continue;
      const Entry& e = entry_for(i);
      v[i] = bits_to_int(dtype, load_bits(e.bytes.data() + (addrs[i] - e.info.base), es));
    }
  }
  return out;
}

Array MemoryStore::load_rows(std::uint64_t addr, std::int64_t rows, std::int64_t cols,
                             std::uint64_t stride_bytes, DType dtype, const Shape& shape) const {
  const std::string op = "load of " + std::string(name(dtype)) + shape.to_string();
  require_backed(op);
  const std::size_t es = size_of(dtype);
  Array out(shape, dtype);
  if (rows <= 0 || cols <= 0) return out;
  const std::uint64_t span =
      static_cast<std::uint64_t>(rows - 1) * stride_bytes + static_cast<std::uint64_t>(cols) * es;
  check_range(addr, span);
  const Entry* e = find(addr);
  const std::byte* base = e->bytes.data() + (addr - e->info.base);
  const auto n = static_cast<std::size_t>(cols);
  if (dtype == DType::f32) {
    auto v = out.mutable_f32();
    for (std::int64_t r = 0; r < rows; ++r) {
      std::memcpy(&v[static_cast<std::size_t>(r) * n], base + r * stride_bytes, n * es);
    }
  } else if (is_float(dtype)) {
    auto v = out.mutable_f32();
    for (std::int64_t r = 0; r < rows; ++r) {
      decode_floats(dtype, base + r * stride_bytes, &v[static_cast<std::size_t>(r) * n], n);
    }
  } else {
    auto v = out.mutable_i64();
    for (std::int64_t r = 0; r < rows; ++r) {
      const std::byte* row = base + r * stride_bytes;
      std::int64_t* dst = &v[static_cast<std::size_t>(r) * n];
      for (std::size_t i = 0; i < n; ++i) dst[i] = bits_to_int(dtype, load_bits(row + i * es, es));
    }
  }
  return out;
}

void MemoryStore::store_rows(std::uint64_t addr, std::int64_t rows, std::int64_t cols,
                             std::uint64_t stride_bytes, const Array& values) {
  const std::string op = "store of " + describe(values);
  require_backed(op);
  if (rows <= 0 || cols <= 0) return;
  const std::size_t es = size_of(values.dtype());
  const std::uint64_t span =
      static_cast<std::uint64_t>(rows - 1) * stride_bytes + static_cast<std::uint64_t>(cols) * es;
  check_range(addr, span);
  Entry* e = find(addr);
  std::byte* base = e->bytes.data() + (addr - e->info.base);
  const auto n = static_cast<std::size_t>(cols);
  if (values.dtype() == DType::f32) {
    const auto v = values.f32();
    for (std::int64_t r = 0; r < rows; ++r) {
      std::memcpy(base + r * stride_bytes, &v[static_cast<std::size_t>(r) * n], n * es);
    }
  } else if (values.has_float_storage()) {
    const auto v = values.f32();
    for (std::int64_t r = 0; r < rows; ++r) {
      std::byte* row = base + r * stride_bytes;
      for (std::size_t i = 0; i < n; ++i) {
        store_bits(row + i * es,
                   float_to_bits(values.dtype(), v[static_cast<std::size_t>(r) * n + i]), es);
      }
    }
  } else {
    const auto v = values.i64();
    for (std::int64_t r = 0; r < rows; ++r) {
      std::byte* row = base + r * stride_bytes;
      for (std::size_t i = 0; i < n; ++i) {
        store_bits(row + i * es, static_cast<std::uint64_t>(v[static_cast<std::size_t>(r) * n + i]),
                   es);
      }
    }
  }
}

void MemoryStore::scatter(std::span<const std::uint64_t> addrs, const Array& values,
                          const Array* mask) {
  const std::string op = "store of " + describe(values);
  check_lane_count(addrs.size(), values.shape(), op);
  require_backed(op);
  const auto on = lane_mask(mask, values.shape(), op);
  const std::size_t es = size_of(values.dtype());
  // Resolve (and bounds-check) every active lane before writing any byte.
  std::vector<std::byte*> dst(addrs.size(), nullptr);
  const Entry* cur = nullptr;
  for (std::size_t i = 0; i < addrs.size(); ++i) {
    if (!on[i]) continue;
    const std::uint64_t a = addrs[i];
    if (!fits(cur, a, es)) {
      const Entry* e = find(a);
      if (!e || e->info.freed || es > e->info.end() - a) {
        throw_oob(a, es,
                  op + " at lane " + index_to_string(values.shape(), static_cast<std::int64_t>(i)));
      }
      cur = e;
    }
    dst[i] = const_cast<std::byte*>(cur->bytes.data()) + (a - cur->info.base);
  }
  if (values.has_float_storage()) {
    const auto v = values.f32();
    for (std::size_t i = 0; i < dst.size(); ++i) {
      if (dst[i]) store_bits(dst[i], float_to_bits(values.dtype(), v[i]), es);
    }
  } else {
    const auto v = values.i64();
    for (std::size_t i = 0; i < dst.size(); ++i) {
      if (dst[i]) store_bits(dst[i], static_cast<std::uint64_t>(v[i]), es);
    }
  }
}

Array MemoryStore::atomic(AtomicOp op, std::span<const std::uint64_t> addrs, const Array& values,
                          const Array* mask, const Array* cmp) {
  const DType t = values.dtype();
  const std::string opname = std::string(name(op)) + " of " + describe(values);
  check_lane_count(addrs.size(), values.shape(), opname);
  check_atomic_args(op, t, cmp, opname);
  require_backed(opname);
  const auto on = lane_mask(mask, values.shape(), opname);
  const Array cmp_t = broadcast_cmp(cmp, t, values.shape(), opname);
  Array old(values.shape(), t);
  const std::size_t es = size_of(t);
  for (std::size_t i = 0; i < addrs.size(); ++i) {
    if (!on[i]) continue;
    const std::uint64_t a = addrs[i];
    const Entry* e = find(a);
    if (!e || e->info.freed || es > e->info.end() - a) {
      throw_oob(
          a, es,
          opname + " at lane " + index_to_string(values.shape(), static_cast<std::int64_t>(i)));
    }
    std::byte* p = const_cast<std::byte*>(e->bytes.data()) + (a - e->info.base);
    atomic_lane(op, t, p, es, values, cmp_t, i, old);
  }
  return old;
}

void MemoryStore::upload(std::uint64_t addr, const Array& values) {
  const std::string op = "upload of " + describe(values);
  require_backed(op);
  const std::uint64_t n = values.nbytes();
  if (n == 0) return;
  const Entry& e = checked(addr, n, op);
  std::byte* p = const_cast<std::byte*>(e.bytes.data()) + (addr - e.info.base);
  const std::size_t es = size_of(values.dtype());
  if (values.dtype() == DType::f32) {
    std::memcpy(p, values.f32().data(), n);
  } else if (values.has_float_storage()) {
    const auto v = values.f32();
    for (std::size_t i = 0; i < v.size(); ++i)
      store_bits(p + i * es, float_to_bits(values.dtype(), v[i]), es);
  } else {
    const auto v = values.i64();
    for (std::size_t i = 0; i < v.size(); ++i)
      store_bits(p + i * es, static_cast<std::uint64_t>(v[i]), es);
  }
}

Array MemoryStore::download(std::uint64_t addr, const Shape& shape, DType dtype) const {
  const std::string op = "download of " + std::string(name(dtype)) + shape.to_string();
  require_backed(op);
  Array out(shape, dtype);
  const std::size_t es = size_of(dtype);
  const std::uint64_t n = static_cast<std::uint64_t>(shape.numel()) * es;
  if (n == 0) return out;
  const Entry& e = checked(addr, n, op);
  const std::byte* p = e.bytes.data() + (addr - e.info.base);
  if (dtype == DType::f32) {
    std::memcpy(out.mutable_f32().data(), p, n);
  } else if (is_float(dtype)) {
    auto v = out.mutable_f32();
    for (std::size_t i = 0; i < v.size(); ++i) {
      v[i] = bits_to_float(dtype, static_cast<std::uint32_t>(load_bits(p + i * es, es)));
    }
  } else {
    auto v = out.mutable_i64();
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = bits_to_int(dtype, load_bits(p + i * es, es));
  }
  return out;
}

}  // namespace kernbench::data
