#pragma once
/// @file
/// MemoryStore: byte-addressed simulated device memory (HBM/global memory).
///
/// Contract:
/// - Addresses are std::uint64_t byte addresses. The first allocation starts
///   at kBaseAddress (0x1'0000'0000), so 0 and small integers are never
///   valid pointers. Allocations never overlap, are never reused after free,
///   and are separated by at least kRedZoneBytes so that running off the end
///   of one buffer is reported instead of silently reading its neighbour.
/// - Every access is bounds-checked against a single live allocation; a bad
///   access throws OutOfBoundsError naming the address, the access size and
///   the nearest allocation (name, base, size, how far outside it is).
/// - backed = true (data mode): each allocation owns one contiguous,
///   zero-initialised std::vector<std::byte>. backed = false (timing-only
///   mode): allocations are tracked (addresses, bounds checks work) but no
///   bytes exist; any value access throws TimingOnlyError.
/// - Values are little-endian, in the dtype's memory encoding (size_of(dtype)
///   bytes each; bool is one byte, loaded as `byte != 0`). No alignment is
///   required of element addresses.
/// - Lane-wise ops (gather, scatter, atomic) take one address per element of
///   the value shape in row-major order. Masked-off lanes are never accessed.
///   Scatter checks every active lane before writing anything; duplicate
///   addresses are written in lane order (the last lane wins). Atomics apply
///   lane by lane in lane order.
/// - Not thread-safe for concurrent mutation; const methods may run
///   concurrently. clone() deep-copies everything (for replay).

#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "data/array.hpp"

namespace kernbench::data {

/// An access outside every live allocation (or inside a freed one).
class OutOfBoundsError : public std::runtime_error {
 public:
  OutOfBoundsError(const std::string& message, std::uint64_t address, std::uint64_t bytes)
      : std::runtime_error(message), address_(address), bytes_(bytes) {}
  std::uint64_t address() const { return address_; }
  std::uint64_t bytes() const { return bytes_; }

 private:
  std::uint64_t address_;
  std::uint64_t bytes_;
};

/// A value access on a store created in timing-only mode.
class TimingOnlyError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A bad allocate/free request (zero or absurd size, bad alignment, double free).
class AllocationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Allocation {
  std::string name;
  std::uint64_t base = 0;
  std::uint64_t size = 0;  ///< bytes
  bool freed = false;
  std::uint64_t end() const { return base + size; }  ///< one past the last byte
};

enum class AtomicOp : std::uint8_t { add, max, min, xchg, cas, bit_and, bit_or, bit_xor };
std::string_view name(AtomicOp op);

class MemoryStore {
 public:
  static constexpr std::uint64_t kBaseAddress = 0x1'0000'0000ull;
  static constexpr std::uint64_t kRedZoneBytes = 256;
  /// Largest single allocation: 1 TiB (timing-only mode can model that much).
  static constexpr std::uint64_t kMaxAllocationBytes = std::uint64_t{1} << 40;
  /// Addresses stay below 2^56.
  static constexpr std::uint64_t kAddressLimit = std::uint64_t{1} << 56;
  static constexpr std::uint64_t kMaxAlign = std::uint64_t{1} << 30;

  explicit MemoryStore(bool backed = true);
  MemoryStore(MemoryStore&&) noexcept = default;
  MemoryStore& operator=(MemoryStore&&) noexcept = default;
  MemoryStore(const MemoryStore&) = delete;  ///< use clone(): copies can be large
  MemoryStore& operator=(const MemoryStore&) = delete;

  /// Deep copy of every allocation and byte (for replay and comparison).
  MemoryStore clone() const;

  bool backed() const { return backed_; }

  /// Reserves `bytes` (1 .. kMaxAllocationBytes) aligned to `align` (a power
  /// of two up to 2^30) and returns its base address. Throws AllocationError.
  std::uint64_t allocate(std::uint64_t bytes, std::string name, std::uint64_t align = 256);
  /// Reserves exactly [base, base + bytes), for rebuilding a memory image
  /// (a replay from files). Allocations made this way must come in
  /// ascending order of address, each at least kRedZoneBytes past the end of
  /// the previous one; otherwise AllocationError.
  std::uint64_t allocate_at(std::uint64_t base, std::uint64_t bytes, std::string name);
  /// Releases the allocation whose base is `base`; its range stays reserved
  /// so later accesses report a use after free. Throws AllocationError.
  void free(std::uint64_t base);

  /// The live or freed allocation containing `addr`, or nullptr.
  const Allocation* allocation_at(std::uint64_t addr) const;
  /// All allocations (live and freed) in address order.
  std::vector<Allocation> allocations() const;
  /// Total bytes of live allocations.
  std::uint64_t bytes_in_use() const;

  /// Throws OutOfBoundsError unless [addr, addr + bytes) lies in one live allocation.
  void check_range(std::uint64_t addr, std::uint64_t bytes) const;
  /// Bounds-checks every active lane of a lane-wise access of `elem_bytes`
  /// per lane (works in timing-only mode). `op` prefixes the error message.
  void check_lanes(std::span<const std::uint64_t> addrs, std::uint64_t elem_bytes,
                   const Array* mask, std::string_view op = "access") const;

  /// Raw byte copies (backed mode only).
  void read(std::uint64_t addr, std::span<std::byte> out) const;
  void write(std::uint64_t addr, std::span<const std::byte> in);

  /// Loads one `dtype` element per address into an Array of `shape`
  /// (addrs.size() == shape.numel()). Lanes where `mask` (broadcast to
  /// `shape`, non-zero = active) is off are not accessed and take `other`
  /// (cast to dtype, broadcast to shape) or 0.
  Array gather(std::span<const std::uint64_t> addrs, DType dtype, const Shape& shape,
               const Array* mask = nullptr, const Array* other = nullptr) const;
  /// Stores values[i] (in values.dtype()) at addrs[i] for every active lane.
  void scatter(std::span<const std::uint64_t> addrs, const Array& values,
               const Array* mask = nullptr);
  /// Read-modify-write per active lane in lane order; returns the old values
  /// (0 on masked-off lanes) with values' dtype and shape. Float add/max/min
  /// compute in f32 and round to the dtype (max/min ignore NaN like
  /// BinOp::max); integers wrap. cas stores values[i] where the old bits equal
  /// cmp[i]'s encoding (cmp required, cast to values' dtype). Bitwise ops need
  /// an integral dtype.
  Array atomic(AtomicOp op, std::span<const std::uint64_t> addrs, const Array& values,
               const Array* mask = nullptr, const Array* cmp = nullptr);

  /// A 2-D block of `rows` runs of `cols` contiguous `dtype` elements, run r
  /// starting at addr + r * stride_bytes, as an Array of `shape` (rows * cols
  /// elements). The fast path of a load whose lanes are all active.
  Array load_rows(std::uint64_t addr, std::int64_t rows, std::int64_t cols,
                  std::uint64_t stride_bytes, DType dtype, const Shape& shape) const;
  /// The inverse: writes `values` (rows * cols elements, in values' dtype).
  void store_rows(std::uint64_t addr, std::int64_t rows, std::int64_t cols,
                  std::uint64_t stride_bytes, const Array& values);

  /// Host copies of a dense array to/from contiguous memory at `addr`.
  void upload(std::uint64_t addr, const Array& values);
  Array download(std::uint64_t addr, const Shape& shape, DType dtype) const;

 private:
  struct Entry {
    Allocation info;
    std::vector<std::byte> bytes;
  };
  const Entry* find(std::uint64_t addr) const;
  Entry* find(std::uint64_t addr);
  const Entry& checked(std::uint64_t addr, std::uint64_t bytes, std::string_view op) const;
  [[noreturn]] void throw_oob(std::uint64_t addr, std::uint64_t bytes, std::string_view op) const;
  void require_backed(std::string_view op) const;

  bool backed_;
  std::uint64_t next_ = kBaseAddress;
  std::map<std::uint64_t, Entry> entries_;
};

}  // namespace kernbench::data
