#pragma once
/// \file
/// The report of `kernbench replay` (replay_session.hpp): text for people,
/// JSON (`--json`) for scripts. Both name every ordering issue and, per
/// reference array, whether it matches and its worst element.

#include <nlohmann/json.hpp>
#include <string>

#include "app/replay_session.hpp"

namespace kernbench::app {

std::string replay_report_text(const ReplayOutcome& o);
nlohmann::ordered_json replay_report_json(const ReplayOutcome& o);

}  // namespace kernbench::app
