#pragma once
/// @file
/// Umbrella header for the numeric core used by tile ops: Array and its
/// factories, elementwise ops, layout ops, reductions and dot.

#include "data/array.hpp"        // IWYU pragma: export
#include "data/convert.hpp"      // IWYU pragma: export
#include "data/dot.hpp"          // IWYU pragma: export
#include "data/dtype.hpp"        // IWYU pragma: export
#include "data/elementwise.hpp"  // IWYU pragma: export
#include "data/layout.hpp"       // IWYU pragma: export
#include "data/reduce.hpp"       // IWYU pragma: export
#include "data/shape.hpp"        // IWYU pragma: export
