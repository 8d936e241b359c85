#pragma once
/// @file resident_memo.hpp
/// A memo of recent accesses to an exact cache whose lines were all resident
/// when they ended.
///
/// An access is a grid of lines: `rows` rows of `per_row` consecutive line
/// numbers, row r starting at `first + r * row_step` (a tile's rows, or a
/// run of lines when rows = 1). An access that hit every one of its lines
/// changed nothing (a hit moves no tag under FIFO replacement) and leaves
/// them all resident. A line leaves its set only when the set is filled. So
/// if none of the access's sets has been filled since, the same access
/// again hits every line and changes nothing: the cache counts the fills of
/// each set, and an entry keeps the sum of those counts over the lines of an
/// access that hit them all. Counts only grow (64-bit), so an equal sum
/// means no set was filled. (An access with misses is not remembered: one
/// of its fills may have pushed out a line it hit before.) The memo is a
/// shortcut with the same outcome as the lookups, never an approximation
/// (docs/adr/0026).
///
/// Direct-mapped by a hash of the grid: a newer access overwrites an older
/// one in its slot, which only costs the shortcut. Empty (every access
/// looked up) when constructed with no slots.

#include <cstdint>
#include <vector>

#include "hw/cache/line_grid.hpp"

namespace kernbench::hw {

class ResidentMemo {
 public:
  struct Entry {
    LineGrid grid;        // rows = 0: empty
    std::uint64_t fills;  // sum of the set fill counts over the grid's lines
  };

  ResidentMemo() = default;
  /// A memo of 2^slot_bits entries (slot_bits in 1..63).
  explicit ResidentMemo(int slot_bits)
      : shift_(64 - slot_bits), slots_(std::size_t{1} << slot_bits, Entry{{}, 0}) {}

  bool empty() const { return slots_.empty(); }

  /// The slot a grid maps to (it holds that grid, another, or nothing);
  /// only when not empty().
  Entry& slot(const LineGrid& g) {
    std::uint64_t h = g.first * 0x9E3779B97F4A7C15ULL;
    h ^= (g.rows * 0xC2B2AE3D27D4EB4FULL) + (g.per_row << 20) + g.row_step;
    h *= 0xFF51AFD7ED558CCDULL;
    return slots_[h >> shift_];
  }

 private:
  int shift_ = 63;
  std::vector<Entry> slots_;
};

}  // namespace kernbench::hw
