#pragma once
/// \file
/// The replay inputs of a run (`kernbench run K --oplog LOG --memory-initial
/// A.npz --memory-final B.npz`, docs/cli.md): the global memory as .npz
/// images and the op log with its allocation lines and data effects
/// (docs/trace-format.md, "Replay data").
///
/// Memory maps to .npz entries one array per allocation (tl::Runner::
/// allocate): the entry is named by the allocation's name (`x`, `out`, ...;
/// a repeated name gets `_2`, `_3`, ... in allocation order), with the
/// allocation's dtype and shape. The op log's `alloc` lines give each entry
/// name its base address. The initial image holds each allocation as it was
/// before the first launch that followed it, the final image as it is after
/// the run. Dtypes without a .npy encoding (bf16, fp8) are refused with a
/// message naming the allocation.

#include <ostream>
#include <string>
#include <vector>

#include "data/npz.hpp"
#include "tl/runner.hpp"

namespace kernbench::app {

/// The .npz entry name of each of runner.allocations(), in that order.
std::vector<std::string> image_names(const tl::Runner& runner);

/// The initial (`initial` true) or final memory image of a run made with
/// RunOptions::record_effects.
data::NpzArchive memory_image(tl::Runner& runner, bool initial);

/// Writes the finalized op log with one `alloc` line per allocation and each
/// record's `effect` (the runner must record effects).
void write_replay_oplog(tl::Runner& runner, std::ostream& os);

}  // namespace kernbench::app
