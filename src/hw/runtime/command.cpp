#include "hw/runtime/command.hpp"

namespace kernbench::hw {

EngineKind engine_for(CommandKind k) {
  switch (k) {
    case CommandKind::DmaRead:
    case CommandKind::DmaWrite:
      return EngineKind::Dma;
    case CommandKind::Gemm:
      return EngineKind::Gemm;
    default:
      return EngineKind::Math;
  }
}

trace::OpKind op_kind(CommandKind k) {
  switch (k) {
    case CommandKind::DmaRead:
      return trace::OpKind::DmaRead;
    case CommandKind::DmaWrite:
      return trace::OpKind::DmaWrite;
    case CommandKind::Gemm:
      return trace::OpKind::Gemm;
    case CommandKind::Math:
    case CommandKind::Reduce:
      return trace::OpKind::Math;
    case CommandKind::Composite:
      return trace::OpKind::Composite;
    case CommandKind::Barrier:
      return trace::OpKind::Barrier;
  }
  return trace::OpKind::Barrier;
}

trace::Unit trace_unit(EngineKind e) {
  switch (e) {
    case EngineKind::Dma:
      return trace::Unit::dma;
    case EngineKind::Gemm:
      return trace::Unit::gemm;
    case EngineKind::Math:
      return trace::Unit::math;
  }
  return trace::Unit::cpu;
}

}  // namespace kernbench::hw
