#pragma once
/// @file sim.hpp
/// Everything of the discrete-event engine in one include.

#include "sim/condition.hpp"
#include "sim/container.hpp"
#include "sim/engine.hpp"
#include "sim/event.hpp"
#include "sim/process.hpp"
#include "sim/resource.hpp"
#include "sim/store.hpp"
#include "sim/time.hpp"
