#include "kernels/support.hpp"

#include <bit>

#include "data/random.hpp"

namespace kernbench::kernels {

std::int64_t next_power_of_2(std::int64_t n) {
  if (n <= 1) return 1;
  return static_cast<std::int64_t>(std::bit_ceil(static_cast<std::uint64_t>(n)));
}

HostTensor random_input(tl::Runner& r, const data::Shape& shape, data::DType dtype,
                        const std::string& name, std::uint64_t seed, double lo, double hi) {
  HostTensor t;
  t.ptr = r.allocate(shape, dtype, name);
  if (r.data_mode()) {
    t.values = data::random_array(shape, dtype, seed, lo, hi);
    r.upload(t.ptr, t.values);
  }
  return t;
}

tl::Ptr upload_input(tl::Runner& r, const data::Array& values, const std::string& name) {
  const tl::Ptr p = r.allocate(values.shape(), values.dtype(), name);
  if (r.data_mode()) r.upload(p, values);
  return p;
}

void check_output(KernelRun& run, tl::Runner& r, const std::string& name, tl::Ptr p,
                  data::Array ref, std::optional<data::Tolerance> tol) {
  data::Array out = r.download(p, ref.shape());
  data::VerifyResult result = data::verify(out, ref, tol);
  run.checks.push_back({name, std::move(result), std::move(out), std::move(ref)});
}

void finish(KernelRun& run, const tl::Runner& r) {
  finish(run, r.data_mode());
}

void finish(KernelRun& run, bool data_mode) {
  if (!data_mode) {
    run.verified = false;
    run.verify_note = "timing-only mode: no values to verify";
    return;
  }
  run.verified = !run.checks.empty();
  run.verify_note.clear();
  for (const Check& c : run.checks) {
    if (!c.result.passed) {
      run.verified = false;
      if (!run.verify_note.empty()) run.verify_note += "; ";
      run.verify_note += c.output + ": " + c.result.to_string();
    }
  }
}

}  // namespace kernbench::kernels

namespace kernbench::kernels {

ParamSpec num_warps_param(std::int64_t def) {
  ParamSpec s =
      int_param("num_warps", def,
                "Triton launch option: warps per program (threads = num_warps x pe.warp_size; "
                "occupancy and register limits on PEs with pe.threads / pe.regfile)");
  s.max = kMaxNumWarps;
  return s;
}

ParamSpec num_stages_param(std::int64_t def) {
  ParamSpec s =
      int_param("num_stages", def,
                "Triton launch option: software-pipelining stages of the loops (on in-order "
                "PEs; tl.range may override per loop)");
  s.max = kMaxNumStages;
  return s;
}

tl::LaunchOptions launch_options(const ParamValues& p) {
  tl::LaunchOptions o;
  if (p.contains("num_warps")) o.num_warps = static_cast<int>(p.integer("num_warps"));
  if (p.contains("num_stages")) o.num_stages = static_cast<int>(p.integer("num_stages"));
  return o;
}

}  // namespace kernbench::kernels
