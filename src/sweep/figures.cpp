#include "sweep/figures.hpp"

namespace kernbench::sweep {
namespace {

constexpr Figure kFigures[] = {
    {"simulated_ps", "/simulated_ps", FigureType::integer},
    {"simulated_seconds", "/simulated_seconds", FigureType::real},
    {"flops", "/flops", FigureType::real},
    {"bytes", "/bytes", FigureType::real},
    {"hbm_bytes", "/hbm_bytes", FigureType::real},
    {"achieved_flops_per_s", "/achieved_flops_per_s", FigureType::real},
    {"achieved_bytes_per_s", "/achieved_bytes_per_s", FigureType::real},
    {"peak_flops_per_s", "/peak/flops_per_s", FigureType::real},
    {"peak_bytes_per_s", "/peak/bytes_per_s", FigureType::real},
    {"fraction_of_peak_flops", "/fraction_of_peak/flops", FigureType::real},
    {"fraction_of_peak_bytes", "/fraction_of_peak/bytes", FigureType::real},
    {"util_gemm", "/utilisation/gemm", FigureType::real},
    {"util_math", "/utilisation/math", FigureType::real},
    {"util_dma", "/utilisation/dma", FigureType::real},
    {"util_cpu", "/utilisation/cpu", FigureType::real},
    {"util_hbm", "/utilisation/hbm", FigureType::real},
    {"util_fabric", "/utilisation/fabric", FigureType::real},
    {"bound", "/bound", FigureType::text},
    {"verified", "/verified", FigureType::boolean},
    {"launches", "/launches", FigureType::integer},
    {"programs", "/programs", FigureType::integer},
    {"commands", "/commands", FigureType::integer},
};

}  // namespace

std::span<const Figure> figures() {
  return kFigures;
}

nlohmann::json figure_value(const nlohmann::json& report, const Figure& f) {
  const nlohmann::json::json_pointer ptr{std::string(f.pointer)};
  if (!report.is_object() || !report.contains(ptr)) return nullptr;
  return report.at(ptr);
}

}  // namespace kernbench::sweep
