#pragma once
/// @file cache.hpp
/// The optional shared cache in front of HBM: set-associative with
/// round-robin (FIFO) replacement per set, write-allocate. Sets are chosen by
/// a hash of the line number. A set's tags are stored side by side in
/// insertion order, newest first (a 16-way set of 32-bit tags is one 64-byte
/// host cache line): a lookup scans one block of memory, and a fill shifts
/// the set by one way and drops the oldest tag, which is exactly the
/// round-robin victim (docs/hardware-model.md).
///
/// Set sampling (Kessler, Hill and Wood, 1994), when `cache.sampled_sets` is
/// non-zero and the cache has more sets than that: one line in `stride` (those whose set hash has
/// its top log2(stride) bits zero) falls in a set that is simulated exactly (stride = the power of
/// two at or above sets / sampled_sets, and sets / stride sets are simulated); a line of another
/// set hits with the hit rate those sets see (a moving average over about 2048 lines of accesses),
/// decided per line by a hash of its number, so the outcome is
/// deterministic. This keeps a 60 MiB cache's state small enough to stay in
/// the host's caches (docs/adr/0026-cache-set-sampling.md).
///
/// Lookups are per line of the access; hits are served by the cache's port
/// (FIFO at the hit bandwidth, plus hit latency) and spare HBM; misses go to
/// HBM and fill the line. Writes allocate their lines and are also written
/// through to HBM (bandwidth is charged on both).

#include <bit>
#include <climits>
#include <cstdint>
#include <vector>

#include <boost/align/aligned_allocator.hpp>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "hw/cache/line_grid.hpp"
#include "hw/cache/resident_memo.hpp"
#include "hw/config/hw_config.hpp"
#include "hw/core/bandwidth_server.hpp"

namespace kernbench::hw {

class Cache {
 public:
  explicit Cache(const CacheConfig& cfg);

  std::uint64_t line() const { return line_; }
  /// Looks up every line of [addr, addr + bytes); returns the bytes that hit
  /// and calls `miss(line_addr)` for each missing line (then filled).
  template <class MissFn>
  std::uint64_t access(std::uint64_t addr, std::uint64_t bytes, MissFn&& miss) {
    if (bytes == 0) return 0;
    const std::uint64_t first = addr >> line_shift_;
    const std::uint64_t last = (addr + bytes - 1) >> line_shift_;
    if (first == last) return access_lines(first, 1, 1, miss) * bytes;
    // Partial edge lines carry fewer bytes than a line.
    const std::uint64_t head = ((first + 1) << line_shift_) - addr;
    const std::uint64_t tail = addr + bytes - (last << line_shift_);
    return access_lines(first, 1, 1, miss) * head +
           access_lines(first + 1, last - first - 1, 1, miss) * line_ +
           access_lines(last, 1, 1, miss) * tail;
  }
  /// Looks up the `rows` rows of `row_bytes` bytes starting `stride` bytes
  /// apart from `addr`, as access() on each row; returns the bytes that hit.
  template <class MissFn>
  std::uint64_t access_rows(std::uint64_t addr, std::uint64_t row_bytes, std::uint64_t rows,
                            std::uint64_t stride, MissFn&& miss) {
    if (row_bytes == 0 || rows == 0) return 0;
    if ((addr & (line_ - 1)) + row_bytes <= line_ && (stride & (line_ - 1)) == 0) {
      // Each row lies in one line and the rows' lines are evenly spaced.
      return access_lines(addr >> line_shift_, rows, stride >> line_shift_, miss) * row_bytes;
    }
    const std::uint64_t edge = line_ - 1;
    if ((addr & edge) == 0 && (row_bytes & edge) == 0 && (stride & edge) == 0) {
      // Whole lines, evenly spaced rows: one walk over the tile's lines.
      return access_grid(addr >> line_shift_, row_bytes >> line_shift_, rows, stride >> line_shift_,
                         miss) *
             line_;
    }
    std::uint64_t hit = 0;
    for (std::uint64_t r = 0; r < rows; ++r) hit += access(addr + r * stride, row_bytes, miss);
    return hit;
  }
  /// Serves `bytes` of hits arriving at t; returns their completion time.
  sim::Tick serve_hits(sim::Tick t, std::uint64_t bytes);

  /// Sets simulated exactly (all of them, or a sample).
  std::uint64_t simulated_sets() const { return simulated_sets_; }
  std::uint64_t hits() const { return hits_; }
  std::uint64_t misses() const { return misses_; }
  const BandwidthServer& port() const { return port_; }

 private:
  /// Looks up lines first, first + step, ... (`count` of them); calls
  /// `miss(line_addr)` for each missing one and returns how many hit.
  /// The hashes of an arithmetic progression of lines are themselves one, so
  /// they are stepped by addition. A line outside the simulated sets hits
  /// when its hit hash is below the simulated sets' hit rate as it stands.
  template <class MissFn>
  std::uint64_t access_lines(std::uint64_t first, std::uint64_t count, std::uint64_t step,
                             MissFn&& miss) {
    if (sample_mask_ == 0) return access_grid(first, 1, count, step, miss);  // one line a row
    std::uint64_t h = first * kSetHash;
    std::uint64_t g = first * kHitHash;
    const std::uint64_t dh = step * kSetHash;
    const std::uint64_t dg = step * kHitHash;
    std::uint64_t rate = rate_q16_;
    std::uint64_t hit = 0;
    std::uint64_t line_no = first;
    for (std::uint64_t k = 0; k < count; ++k, line_no += step, h += dh, g += dg) {
      bool is_hit;
      if ((h & sample_mask_) != 0) [[likely]] {
        is_hit = (g >> 48) < rate;
      } else {
        is_hit = lookup(line_no, h);
        // The moving average of the simulated sets' hit rate.
        if (is_hit) {
          rate_q16_ += (65536 - rate_q16_) >> rate_shift_;
        } else {
          rate_q16_ -= rate_q16_ >> rate_shift_;
        }
        rate = rate_q16_;
      }
      if (is_hit) [[likely]] {
        ++hit;
      } else {
        miss(line_no << line_shift_);
      }
    }
    hits_ += hit;
    misses_ += count - hit;
    return hit;
  }
  /// Looks up `rows` runs of `per_row` consecutive lines, the first lines of
  /// the runs `row_step` lines apart, in order (as access_lines() per run);
  /// returns how many hit. With every set simulated, the sets ahead are
  /// prefetched across the runs.
  template <class MissFn>
  std::uint64_t access_grid(std::uint64_t first, std::uint64_t per_row, std::uint64_t rows,
                            std::uint64_t row_step, MissFn&& miss) {
    if (sample_mask_ != 0 || per_row == 0) {
      std::uint64_t hit = 0;
      for (std::uint64_t r = 0; r < rows; ++r) {
        hit += access_lines(first + r * row_step, per_row, 1, miss);
      }
      return hit;
    }
    const std::uint64_t total = per_row * rows;
    const LineGrid grid{first, per_row, rows, row_step};
    // Sets are all simulated here, so the memo exists.
    ResidentMemo::Entry& memo = memo_.slot(grid);
    if (memo.grid == grid && memo.fills == fills_under(grid)) {
      hits_ += total;  // every line still resident: all hit, nothing changes
      return total;
    }
    const std::uint64_t hit = lookup_grid(grid, miss);
    hits_ += hit;
    misses_ += total - hit;
    if (hit == total) memo = {grid, fills_under(grid)};
    return hit;
  }

  /// Looks up every line of `g` in order (misses fill); returns the hits.
  template <class MissFn>
  std::uint64_t lookup_grid(const LineGrid& g, MissFn&& miss) {
    const std::uint64_t last = g.first + (g.rows - 1) * g.row_step + g.per_row - 1;
    if (tags64_.empty() && last + 1 <= UINT32_MAX) [[likely]] {
      if (ways_ == 16) return walk_grid<16>(g, miss);
      if (ways_ == 4) return walk_grid<4>(g, miss);
    }
    return walk_grid<0>(g, miss);
  }

  /// lookup_grid() for sets of `Ways` 32-bit tags (0: any set, through
  /// lookup_set()). The set of the line kPrefetchLines ahead is computed,
  /// kept in a ring and fetched into the host's cache while the current one
  /// is looked up.
  template <int Ways, class MissFn>
  std::uint64_t walk_grid(const LineGrid& g, MissFn&& miss) {
    const std::uint64_t total = g.per_row * g.rows;
    GridWalk ahead(g);
    std::uint64_t ring_line[kPrefetchLines];
    std::uint64_t ring_set[kPrefetchLines];
    for (std::uint64_t k = 0; k < kPrefetchLines && k < total; ++k, ahead.next()) {
      ring_line[k] = ahead.line;
      ring_set[k] = set_of(ahead.line * kSetHash);
      prefetch_set(ring_set[k]);
    }
    std::uint64_t hit = 0;
    for (std::uint64_t k = 0; k < total; ++k) {
      const std::uint64_t slot = k % kPrefetchLines;
      const std::uint64_t line_no = ring_line[slot];
      const std::uint64_t set = ring_set[slot];
      if (k + kPrefetchLines < total) {
        ring_line[slot] = ahead.line;
        ring_set[slot] = set_of(ahead.line * kSetHash);
        prefetch_set(ring_set[slot]);
        ahead.next();
      }
      bool is_hit;
      if constexpr (Ways == 0) {
        is_hit = lookup_set(line_no, set);
      } else {
        std::uint32_t* tags = tags32_.data() + set * Ways;
        const auto tag = static_cast<std::uint32_t>(line_no + 1);
        is_hit = Ways == 16 ? holds16(tags, tag) : holds4(tags, tag);
        if (!is_hit) fill(tags, set, tag);
      }
      if (is_hit) {
        ++hit;
      } else {
        miss(line_no << line_shift_);
      }
    }
    return hit;
  }

  /// Sum of the fill counts of the sets of `g`'s lines.
  std::uint64_t fills_under(const LineGrid& g) const {
    std::uint64_t sum = 0;
    for (std::uint64_t r = 0; r < g.rows; ++r) {
      const std::uint64_t row = g.first + r * g.row_step;
      for (std::uint64_t c = 0; c < g.per_row; ++c) sum += set_fills_[set_of((row + c) * kSetHash)];
    }
    return sum;
  }
  static constexpr std::uint64_t kPrefetchLines = 8;
  /// The set a line of set hash `h` falls in (a multiply-high, not a division).
  std::uint64_t set_of(std::uint64_t h) const {
    __extension__ using u128 = unsigned __int128;
    return static_cast<std::uint64_t>((static_cast<u128>(h << stride_shift_) * simulated_sets_) >>
                                      64);
  }
  /// Asks the host to bring the tags of the set of hash `h` into its cache.
  void prefetch(std::uint64_t h) const { prefetch_set(set_of(h)); }
  void prefetch_set(std::uint64_t set) const {
    const std::uint64_t at = set * ways_;
    if (tags64_.empty()) {
      __builtin_prefetch(tags32_.data() + at, 1);
    } else {
      __builtin_prefetch(tags64_.data() + at, 1);
    }
  }
  static constexpr std::uint64_t kSetHash = 0x9E3779B97F4A7C15ULL;
  static constexpr std::uint64_t kHitHash = 0xC2B2AE3D27D4EB4FULL;
  /// Looks up a line of a simulated set (`h` = line_no * kSetHash, whose
  /// sampled top bits are zero). True on a hit; on a miss installs the line
  /// (round-robin victim). Updates the hit rate, not the counters.
  bool lookup(std::uint64_t line_no, std::uint64_t h) { return lookup_set(line_no, set_of(h)); }

  /// lookup() of a line whose set is known.
  bool lookup_set(std::uint64_t line_no, std::uint64_t set) {
    const std::uint64_t key = line_no + 1;
    if (ways_ == 16 && tags64_.empty() && key <= UINT32_MAX) [[likely]] {
      std::uint32_t* tags = &tags32_[set * 16];
      if (holds16(tags, static_cast<std::uint32_t>(key))) return true;
      fill(tags, set, key);
      return false;
    }
    return lookup_general(line_no, set);
  }

  bool lookup_general(std::uint64_t line_no, std::uint64_t set);
  /// True when one of the 16 tags of a 64-byte-aligned set equals `tag`.
  static bool holds16(const std::uint32_t* tags, std::uint32_t tag) {
#if defined(__SSE2__)
    const __m128i key = _mm_set1_epi32(static_cast<int>(tag));
    const auto* v = reinterpret_cast<const __m128i*>(tags);
    const __m128i any = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi32(_mm_load_si128(v), key),
                                                  _mm_cmpeq_epi32(_mm_load_si128(v + 1), key)),
                                     _mm_or_si128(_mm_cmpeq_epi32(_mm_load_si128(v + 2), key),
                                                  _mm_cmpeq_epi32(_mm_load_si128(v + 3), key)));
    return _mm_movemask_epi8(any) != 0;
#else
    std::uint32_t hit = 0;
    for (int w = 0; w < 16; ++w) hit |= static_cast<std::uint32_t>(tags[w] == tag);
    return hit != 0;
#endif
  }
  /// lookup() on a set whose tags are `Tag`s (32 bits while every line
  /// number + 1 fits, then 64), newest first.
  static bool holds4(const std::uint32_t* tags, std::uint32_t tag) {
#if defined(__SSE2__)
    const __m128i eq = _mm_cmpeq_epi32(_mm_load_si128(reinterpret_cast<const __m128i*>(tags)),
                                       _mm_set1_epi32(static_cast<int>(tag)));
    return _mm_movemask_epi8(eq) != 0;
#else
    return (tags[0] == tag) | (tags[1] == tag) | (tags[2] == tag) | (tags[3] == tag);
#endif
  }

  template <class Tag>
  bool lookup_in(Tag* tags, std::uint64_t set, std::uint64_t key);
  /// A miss in a set of `Tag`s: lowers the hit rate and installs `key` as
  /// the newest tag (the oldest leaves).
  template <class Tag>
  void fill(Tag* tags, std::uint64_t set, std::uint64_t key);
  /// Moves the tags to 64 bits (the first line number + 1 above 2^32 - 1).
  void widen_tags();

  std::uint64_t line_;  // a power of two (validated)
  int line_shift_;
  std::uint64_t sets_;
  std::uint64_t stride_;  // one line in stride falls in a simulated set (a power of two)
  int stride_shift_;
  // Bits of the set hash that select the sample: a line is in a simulated set
  // when they are all zero (probability 1 / stride).
  std::uint64_t sample_mask_;
  std::uint64_t simulated_sets_;
  // The hit-rate moving average weighs each simulated lookup 2^-rate_shift,
  // so that it spans about 2^kRateWindowShift lines of the access stream
  // whatever the sampling stride (weight stride / 2048, within 1/64..1/4).
  static constexpr int kRateWindowShift = 11;
  int rate_shift_;
  std::uint64_t ways_;
  std::uint32_t rate_q16_ = 0;  // hit rate of the simulated sets, 16-bit fixed point
  // Tags: line number + 1 (0 = invalid), `ways_` per set, newest first; in
  // 32 bits while they fit, which halves the tag store a lookup touches; 64
  // bits after the first that does not (exact either way).
  // Host-cache-line aligned, so that a set of 64 bytes is one host line.
  template <class T>
  using Tags = std::vector<T, boost::alignment::aligned_allocator<T, 64>>;
  Tags<std::uint32_t> tags32_;
  Tags<std::uint64_t> tags64_;
  // Fills per simulated set, and the accesses known to be resident
  // (resident_memo.hpp); only with every set simulated.
  std::vector<std::uint64_t> set_fills_;
  ResidentMemo memo_;
  std::uint64_t hits_ = 0;
  std::uint64_t misses_ = 0;
  BandwidthServer port_;
  sim::Tick hit_latency_;
};

}  // namespace kernbench::hw
