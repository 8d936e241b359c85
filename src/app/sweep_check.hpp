#pragma once
/// \file
/// Checks a sweep spec against the kernels and hardware of this binary
/// before anything runs: each kernel exists, each parameter is one the
/// kernel declares and each of its values parses, each hardware base
/// loads. Errors are sweep::SpecError whose message starts with the spec's
/// file:line:column and key (the kernels layer's or the hardware loader's
/// own message follows), so a typo costs milliseconds, not a failed sweep.
/// What only a whole point can show (a tile that does not fit, a
/// cross-check between overrides) is that point's failure at run time.

#include "app/kernel_catalog.hpp"
#include "sweep/spec.hpp"

namespace kernbench::app {

void check_spec(const sweep::SweepSpec& spec, const KernelCatalog& kernels);

}  // namespace kernbench::app
