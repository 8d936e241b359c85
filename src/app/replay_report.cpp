#include "app/replay_report.hpp"

#include <fmt/format.h>

namespace kernbench::app {
namespace {

std::string worst_text(const data::VerifyResult& v) {
  if (v.worst_index.empty()) return "";
  const std::string at = fmt::format("[{}]", fmt::join(v.worst_index, ", "));
  if (v.integer) return fmt::format("; worst {}: {} vs {}", at, v.worst_out_int, v.worst_ref_int);
  return fmt::format("; worst {}: {:.9g} vs {:.9g}", at, v.worst_out, v.worst_ref);
}

std::string array_line(const ArrayComparison& a) {
  const data::VerifyResult& v = a.result;
  if (!v.note.empty()) return fmt::format("    {:<12} differs: {}\n", a.name, v.note);
  const std::string tol =
      v.integer ? "exact" : fmt::format("atol {:g}, rtol {:g}", v.tolerance.atol, v.tolerance.rtol);
  if (v.passed) {
    return fmt::format("    {:<12} match    {} ({} elements, max abs err {:.3g}; {})\n", a.name,
                       v.out_desc, v.numel, v.max_abs_error, tol);
  }
  return fmt::format("    {:<12} MISMATCH {}: {} of {} elements differ{} ({})\n", a.name,
                     v.out_desc, v.mismatches, v.numel, worst_text(v), tol);
}

}  // namespace

std::string replay_report_text(const ReplayOutcome& o) {
  std::string s = fmt::format("replay {} from {}\n", o.request.oplog, o.request.memory);
  s += fmt::format("  records      {} ({} with data effects), {} allocations\n", o.records,
                   o.effects, o.allocations);
  if (o.order.empty()) {
    s += "  order        in t_start order; every record reads only earlier-starting records\n";
  } else {
    s += fmt::format("  order        REORDERED: {} issue(s)\n", o.order.size());
    for (const OrderIssue& i : o.order) s += fmt::format("    {}\n", i.message);
  }
  s += o.complete ? fmt::format("  replayed     {} effects in t_start order\n", o.effects)
                  : fmt::format("  replayed     incomplete: {}\n", o.stopped);
  if (o.request.verify) {
    s += fmt::format("  verify       against {}\n", *o.request.verify);
    for (const ArrayComparison& a : o.arrays) s += array_line(a);
    if (!o.unchecked.empty())
      s += fmt::format("    not in the references: {}\n", fmt::join(o.unchecked, ", "));
  }
  s += fmt::format("  result       {}\n", o.ok() ? "reproduced" : "NOT reproduced");
  return s;
}

nlohmann::ordered_json replay_report_json(const ReplayOutcome& o) {
  nlohmann::ordered_json j;
  j["oplog"] = o.request.oplog;
  j["memory"] = o.request.memory;
  j["verify"] = o.request.verify ? nlohmann::ordered_json(*o.request.verify) : nullptr;
  j["records"] = o.records;
  j["effects"] = o.effects;
  j["allocations"] = o.allocations;
  j["in_order"] = o.order.empty();
  j["order_issues"] = nlohmann::ordered_json::array();
  for (const OrderIssue& i : o.order)
    j["order_issues"].push_back({{"line", i.line}, {"id", i.id}, {"message", i.message}});
  j["complete"] = o.complete;
  j["stopped"] = o.complete ? nullptr : nlohmann::ordered_json(o.stopped);
  j["arrays"] = nlohmann::ordered_json::array();
  for (const ArrayComparison& a : o.arrays) {
    const data::VerifyResult& v = a.result;
    nlohmann::ordered_json e = {{"name", a.name},
                                {"matches", v.passed},
                                {"array", v.out_desc},
                                {"elements", v.numel},
                                {"mismatches", v.mismatches},
                                {"max_abs_error", v.max_abs_error},
                                {"atol", v.tolerance.atol},
                                {"rtol", v.tolerance.rtol},
                                {"worst_index", v.worst_index}};
    if (v.integer) {
      e["worst_out"] = v.worst_out_int;
      e["worst_ref"] = v.worst_ref_int;
    } else {
      e["worst_out"] = v.worst_out;
      e["worst_ref"] = v.worst_ref;
    }
    if (!v.note.empty()) e["note"] = v.note;
    j["arrays"].push_back(std::move(e));
  }
  j["unchecked"] = o.unchecked;
  j["matches"] = o.ok();
  return j;
}

}  // namespace kernbench::app
