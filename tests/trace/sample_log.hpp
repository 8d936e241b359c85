#pragma once
/// \file
/// A small, hand-made op log shared by the exporter tests: two PEs and chip
/// units, overlapping DMAs, deps, odd names and picosecond-exact times.

#include <cstdint>
#include <string_view>

#include "trace/op_log.hpp"

namespace kernbench::trace::testing {

struct SampleIds {
  OpId launch, load_a, load_b, dot, exp, store, pe1_dma_long, pe1_dma_short, hbm2, hbm3, fabric;
};

inline OpRecord make(std::int32_t pe, Unit unit, std::uint16_t index, OpKind kind, NameId name,
                     std::uint64_t issue, std::uint64_t start, std::uint64_t end) {
  OpRecord r;
  r.pe = pe;
  r.unit = unit;
  r.unit_index = index;
  r.kind = kind;
  r.name = name;
  r.t_issue = issue;
  r.t_start = start;
  r.t_end = end;
  return r;
}

/// Fills `log` (appends out of time order on purpose) and finalizes it.
inline SampleIds build_sample_log(OpLog& log) {
  SampleIds ids{};
  OpRecord r = make(0, Unit::cpu, 0, OpKind::Launch, log.intern("program 0"), 0, 0, 1'000);
  r.program = 0;
  ids.launch = log.append(r);

  r = make(0, Unit::dma, 0, OpKind::DmaRead, log.intern("load a"), 1'000, 1'234'567, 5'000'000);
  r.program = 0;
  r.src_addr = 0x1000;
  r.dst_addr = 0x200;
  r.bytes = 8192;
  r.add_operand({64, 64}, 1);
  r.changes_memory = true;
  r.add_dep(ids.launch);
  ids.load_a = log.append(r);

  r = make(0, Unit::dma, 1, OpKind::DmaRead, log.intern("load b"), 1'000, 1'000'000, 6'000'001);
  r.program = 0;
  r.src_addr = 0x3000;
  r.bytes = 8192;
  r.add_operand({64, 64}, 1);
  r.changes_memory = true;
  ids.load_b = log.append(r);

  r = make(0, Unit::gemm, 0, OpKind::Gemm, log.intern("dot"), 1'100, 6'000'001, 9'500'000);
  r.program = 0;
  r.flops = 2ull * 64 * 64 * 64;
  r.add_operand({64, 64}, 1);
  r.add_operand({64, 64}, 1);
  r.add_operand({64, 64}, 2);
  r.add_dep(ids.load_a);
  r.add_dep(ids.load_b);
  ids.dot = log.append(r);

  r = make(0, Unit::math, 0, OpKind::Math, log.intern("exp"), 9'500'000, 9'500'000, 9'500'001);
  r.program = 0;
  r.add_operand({64, 64}, 2);
  r.add_dep(ids.dot);
  ids.exp = log.append(r);

  r = make(0, Unit::dma, 0, OpKind::DmaWrite, log.intern("store \"c\",\tfinal"), 9'500'001,
           9'500'001, 12'000'000);
  r.program = 0;
  r.src_addr = 0x200;
  r.dst_addr = 0x8000;
  r.bytes = 8192;
  r.add_operand({64, 64}, 2);
  r.changes_memory = true;
  r.add_dep(ids.exp);
  ids.store = log.append(r);

  // PE 1: two DMAs in flight on the same engine.
  r = make(1, Unit::dma, 0, OpKind::DmaRead, log.intern("load a"), 0, 0, 4'000'000);
  r.program = 1;
  r.bytes = 4096;
  ids.pe1_dma_long = log.append(r);
  r = make(1, Unit::dma, 0, OpKind::DmaRead, 0, 0, 1'000'000, 3'000'000);
  r.program = 1;
  r.bytes = 4096;
  ids.pe1_dma_short = log.append(r);

  // Chip level: two HBM channels and one fabric link.
  r = make(kChipLevel, Unit::hbm, 2, OpKind::HbmAccess, log.intern("rd"), 1'000, 1'000, 3'000);
  r.bytes = 4096;
  ids.hbm2 = log.append(r);
  r = make(kChipLevel, Unit::hbm, 3, OpKind::HbmAccess, log.intern("rd"), 2'000, 2'000, 2'001);
  r.bytes = 64;
  ids.hbm3 = log.append(r);
  r = make(kChipLevel, Unit::fabric, 5, OpKind::FabricXfer, log.intern("xfer"), 1'000, 1'000,
           1'400);
  r.bytes = 256;
  r.add_dep(ids.launch);
  ids.fabric = log.append(r);

  log.finalize();
  return ids;
}

}  // namespace kernbench::trace::testing
