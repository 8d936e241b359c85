#include "cmdlist/executor.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "cmdlist/parse.hpp"
#include "data/array.hpp"
#include "data/elementwise.hpp"
#include "data/npy.hpp"
#include "data/random.hpp"
#include "sim/process.hpp"

namespace kernbench::cmdlist {
namespace {

[[noreturn]] void fail(const SourceLoc& at, const std::string& field, const std::string& msg) {
  throw CommandListError(fmt::format("{}: field `{}`: {}", at.to_string(), field, msg));
}

/// A native command and the time before which its PE does not issue it.
struct Issued {
  hw::CommandPtr cmd;
  sim::Tick not_before = 0;
};

/// Issues one PE's commands in order, `issue_cycles` of its CPU each, none
/// before its `issue` time.
sim::Process<> drive(sim::Engine& env, hw::Pe& pe, std::vector<Issued> cmds,
                     std::uint64_t issue_cycles) {
  for (Issued& c : cmds) {
    const sim::Tick t = pe.reserve_cpu(std::max(env.now(), c.not_before), issue_cycles);
    if (t > env.now()) co_await env.timeout(t - env.now());
    co_await pe.submit(std::move(c.cmd));
  }
}

/// The rank of each recorded command's start_seq (its turn), by list index;
/// kNoTurn for native commands. Two records of one start_seq are an error.
std::vector<std::uint64_t> turns_of(const CommandList& list) {
  std::vector<std::size_t> rec;
  for (std::size_t i = 0; i < list.commands.size(); ++i) {
    if (list.commands[i].recorded) rec.push_back(i);
  }
  const auto seq = [&list](std::size_t i) { return list.commands[i].recorded->start_seq; };
  std::stable_sort(rec.begin(), rec.end(),
                   [&seq](std::size_t a, std::size_t b) { return seq(a) < seq(b); });
  std::vector<std::uint64_t> turn(list.commands.size(), hw::kNoTurn);
  for (std::size_t r = 0; r < rec.size(); ++r) {
    if (r > 0 && seq(rec[r]) == seq(rec[r - 1])) {
      fail(list.commands[rec[r]].at, "hw.start_seq",
           fmt::format("{} is also the start_seq of the command at {}", seq(rec[r]),
                       list.commands[rec[r - 1]].at.to_string()));
    }
    turn[rec[r]] = r;
  }
  return turn;
}

/// Recorded commands enter their queues in queue_seq order: their t_queue
/// must not go back in time along it.
void check_queue_order(const CommandList& list) {
  std::vector<const CommandSpec*> rec;
  for (const CommandSpec& c : list.commands) {
    if (c.recorded) rec.push_back(&c);
  }
  std::stable_sort(rec.begin(), rec.end(), [](const CommandSpec* a, const CommandSpec* b) {
    return a->recorded->queue_seq < b->recorded->queue_seq;
  });
  for (std::size_t i = 1; i < rec.size(); ++i) {
    const RecordedCommand& prev = *rec[i - 1]->recorded;
    const RecordedCommand& cur = *rec[i]->recorded;
    if (cur.t_queue < prev.t_queue) {
      fail(rec[i]->at, "hw.t_queue",
           fmt::format("{} ps is before the t_queue {} ps of the command with the lower "
                       "queue_seq {} ({}); commands enter their queues in queue_seq order",
                       cur.t_queue, prev.t_queue, prev.queue_seq, rec[i - 1]->at.to_string()));
    }
  }
}

data::Array initial_contents(const AllocSpec& a) {
  switch (a.init) {
    case AllocSpec::Init::zeros:
      return data::zeros(a.shape, a.dtype);
    case AllocSpec::Init::value:
      return data::full(a.shape, a.value, a.dtype);
    case AllocSpec::Init::random:
      return data::random_array(a.shape, a.dtype, a.seed, a.low, a.high);
    case AllocSpec::Init::npy:
      break;
  }
  data::Array v;
  try {
    v = data::to_array(data::read_npy(a.npy));
  } catch (const data::NpyError& e) {
    fail(a.at, "npy", e.what());
  }
  if (!(v.shape() == a.shape)) {
    fail(a.at, "npy",
         fmt::format("{} holds shape {}, but the allocation has shape {}", a.npy,
                     v.shape().to_string(), a.shape.to_string()));
  }
  return v.dtype() == a.dtype ? v : data::cast(v, a.dtype);
}

}  // namespace

Executor::Executor(const hw::HwConfig& cfg, const CommandList& list, trace::TraceLevel level,
                   bool data_mode)
    : cfg_(cfg),
      list_(list),
      data_(data_mode),
      log_(level),
      chip_(std::make_unique<hw::Chip>(engine_, cfg_, &log_, stats_)),
      feed_(engine_),
      memory_(data_mode) {
  tcm_.resize(chip_->pe_count());
  tcm_base_.assign(chip_->pe_count(), 0);
  for (const AllocSpec& a : list_.allocs) alloc_spec_[a.name] = &a;
  allocate_memory();
}

Executor::~Executor() {
  // Engine processes refer to the chip: destroy them while it exists.
  engine_.destroy_processes();
}

void Executor::allocate_memory() {
  for (const AllocSpec& a : list_.allocs) {
    const auto bytes = static_cast<std::uint64_t>(a.shape.numel()) * data::size_of(a.dtype);
    const std::uint64_t addr = memory_.allocate(std::max<std::uint64_t>(bytes, 1), a.name);
    alloc_addr_[a.name] = addr;
    if (data_) memory_.upload(addr, initial_contents(a));
  }
}

data::MemoryStore& Executor::tcm(int pe) {
  auto& t = tcm_[static_cast<std::size_t>(pe)];
  if (!t) {
    t = std::make_unique<data::MemoryStore>(data_);
    tcm_base_[static_cast<std::size_t>(pe)] =
        t->allocate(cfg_.pe.tcm.size.in_bytes(), fmt::format("tcm of PE {}", pe));
  }
  return *t;
}

void Executor::check_tcm(const CommandSpec& c, const char* field, std::uint64_t addr,
                         std::uint64_t bytes) const {
  const std::uint64_t size = cfg_.pe.tcm.size.in_bytes();
  if (addr > size || bytes > size - addr) {
    fail(c.at, field,
         fmt::format("TCM bytes [{}, {}) are past the end of PE {}'s TCM ({} bytes, pe.tcm.size)",
                     addr, addr + bytes, c.pe, size));
  }
}

ExecResult Executor::run() {
  if (ran_) throw std::logic_error("cmdlist::Executor::run: a command list runs once");
  ran_ = true;
  check_queue_order(list_);
  const std::vector<std::uint64_t> turns = turns_of(list_);
  std::vector<std::vector<Issued>> per_pe(chip_->pe_count());
  std::vector<bool> used(chip_->pe_count(), false);
  done_.reserve(list_.commands.size());
  for (std::size_t i = 0; i < list_.commands.size(); ++i) {
    const CommandSpec& c = list_.commands[i];
    if (c.pe < 0 || static_cast<std::size_t>(c.pe) >= chip_->pe_count()) {
      fail(c.at, "pe",
           fmt::format("PE {} does not exist; the hardware has PEs 0 to {} (pe.count)", c.pe,
                       chip_->pe_count() - 1));
    }
    (void)tcm(c.pe);
    index_of_id_[c.id] = done_.size();
    done_.push_back(engine_.event<trace::OpId>());
    used[static_cast<std::size_t>(c.pe)] = true;
    if (c.recorded) {
      const RecordedCommand& rc = *c.recorded;
      if (rc.remote_pe >= 0 && static_cast<std::size_t>(rc.remote_pe) >= chip_->pe_count()) {
        fail(c.at, "hw.remote_pe",
             fmt::format("PE {} does not exist; the hardware has PEs 0 to {} (pe.count)",
                         rc.remote_pe, chip_->pe_count() - 1));
      }
      hw::CommandPtr cmd = build(c);
      cmd->turn = turns[i];
      feed_.add({rc.queue_seq, rc.t_queue, rc.t_issue, &chip_->pe(static_cast<std::size_t>(c.pe)),
                 std::move(cmd)});
    } else {
      per_pe[static_cast<std::size_t>(c.pe)].push_back({build(c), c.issue.value_or(0)});
    }
  }
  ExecResult r;
  for (std::size_t p = 0; p < per_pe.size(); ++p) {
    r.pes_used += used[p] ? 1 : 0;
    if (per_pe[p].empty()) continue;
    drive(engine_, chip_->pe(p), std::move(per_pe[p]), cfg_.pe.cpu.issue_cycles)
        .named(fmt::format("pe{}.commands", p));
  }
  if (!feed_.empty()) feed_.start();
  try {
    engine_.run();
  } catch (const sim::ProcessError& e) {
    std::rethrow_exception(e.original());
  }
  check_all_completed();
  r.commands = done_.size();
  r.end = engine_.now();
  if (data_) r.checks = verify_outputs();
  return r;
}

void Executor::check_all_completed() const {
  for (std::size_t i = 0; i < done_.size(); ++i) {
    if (done_[i].processed()) continue;
    const CommandSpec& c = list_.commands[i];
    if (!c.recorded) throw std::logic_error("cmdlist::Executor: a command never completed");
    // Only a replay in the recorded start order can stall: on hardware other
    // than the one that wrote the log, a command may wait for a turn that
    // cannot come.
    throw CommandListError(fmt::format(
        "{}: the recorded command (id {}, start_seq {}) never started: the op log's commands "
        "cannot start in their recorded order on this hardware; run an op log on the hardware "
        "(preset and --set overrides) that wrote it",
        c.at.to_string(), c.id, c.recorded->start_seq));
  }
}

std::vector<OutputCheck> Executor::verify_outputs() {
  std::vector<OutputCheck> out;
  for (const VerifySpec& v : list_.verifies) {
    const AllocSpec& a = *alloc_spec_.at(v.alloc);
    OutputCheck c;
    c.output = v.alloc;
    c.out = memory_.download(alloc_addr_.at(v.alloc), a.shape, a.dtype);
    try {
      c.ref = data::to_array(data::read_npy(v.npy));
    } catch (const data::NpyError& e) {
      fail(v.at, "npy", e.what());
    }
    c.result = data::verify(c.out, c.ref);
    if (v.atol || v.rtol) {
      data::Tolerance t = c.result.tolerance;
      if (v.atol) t.atol = *v.atol;
      if (v.rtol) t.rtol = *v.rtol;
      c.result = data::verify(c.out, c.ref, t);
    }
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace kernbench::cmdlist
