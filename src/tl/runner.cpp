#include "tl/runner.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "tl/errors.hpp"

namespace kernbench::tl {

Runner::Runner(const hw::HwConfig& cfg, RunOptions opts)
    : cfg_(cfg),
      opts_(opts),
      log_(opts.trace),
      chip_(std::make_unique<hw::Chip>(engine_, cfg_, &log_, stats_)),
      memory_(opts.mode == Mode::data),
      stacks_(opts.fiber_stack_bytes) {
  sync_quantum_ = chip_->ticks(256);
  engine_.set_stop_flag(opts.stop);
  for (std::size_t p = 0; p < chip_->pe_count(); ++p) {
    const std::string base = fmt::format("pe{}.stall.", p);
    stalls_.push_back(
        {&stats_.counter(base + "queue", trace::StatUnit::ps,
                         "time programs waited for room in a full engine queue"),
         &stats_.counter(base + "tcm", trace::StatUnit::ps,
                         "time programs waited for TCM space for a new tile"),
         &stats_.counter(base + "value", trace::StatUnit::ps,
                         "time programs waited for values (item(), atomics, debug_barrier)"),
         &stats_.counter(base + "operand", trace::StatUnit::ps,
                         "time in-order programs waited for an operand (memory or pipe latency)")});
  }
}

Runner::~Runner() {
  // Frames (engine loops, drivers, their fibers) refer to the chip: destroy
  // them while it still exists.
  engine_.destroy_processes();
}

trace::NameId Runner::name_id(const char* name) {
  auto [it, inserted] = names_.try_emplace(name, 0);
  if (inserted) it->second = chip_->name_id(name);
  return it->second;
}

hw::Precision Runner::precision_of(data::DType t) const {
  switch (t) {
    case data::DType::f16:
      return hw::Precision::f16;
    case data::DType::bf16:
      return hw::Precision::bf16;
    case data::DType::f8e4m3:
    case data::DType::f8e5m2:
      return hw::Precision::fp8;
    case data::DType::i8:
    case data::DType::u8:
    case data::DType::boolean:
      return hw::Precision::int8;
    default:
      return hw::Precision::f32;
  }
}

Ptr Runner::allocate(const data::Shape& shape, data::DType dtype, std::string name) {
  const auto bytes = static_cast<std::uint64_t>(shape.numel()) * data::size_of(dtype);
  const std::uint64_t base = memory_.allocate(bytes, name);
  allocations_.push_back({std::move(name), base, shape, dtype});
  return Ptr{base, dtype};
}

std::function<void(const hw::Command&)> Runner::make_effect(
    Program::Compute compute, EffectDesc desc, std::shared_ptr<Tensor::State> out, const char* op,
    std::string where, std::shared_ptr<const std::vector<std::uint64_t>> writes,
    std::uint64_t elem_bytes) {
  return [this, compute = std::move(compute), desc = std::move(desc), out = std::move(out), op,
          where = std::move(where), writes = std::move(writes),
          elem_bytes](const hw::Command& c) mutable {
    if (!desc.empty() && c.record != hw::kNoRecord) {
      effects_.emplace(c.record, effect_json(desc));
      if (out) out->record = c.record;
    }
    desc = EffectDesc{};  // its inputs' values may now be released
    data::Array v = compute(live_env_);
    if (out) live_env_.set(*out, std::move(v));
    if (opts_.replay) {
      ReplayEntry e;
      e.t_start = c.t_start;
      e.record = c.record;
      e.op = op;
      e.where = where;
      e.writes = writes;
      e.elem_bytes = elem_bytes;
      e.apply = [compute, out](DataEnv& env) {
        data::Array r = compute(env);
        if (out) env.set(*out, std::move(r));
      };
      replay_log_.add(std::move(e));
    }
    out.reset();  // the live value stays with the tile's handles only
  };
}

ReplayReport Runner::replay() const {
  if (!opts_.replay || !data_mode()) {
    throw std::logic_error("replay() needs a data-mode runner created with RunOptions::replay");
  }
  return replay_log_.replay(memory_);
}

void Runner::check_launch(const std::string& name, const Grid& grid, const LaunchOptions& options) {
  if (options.num_warps < 1 || options.num_stages < 0) {
    throw KernelError(fmt::format(
        "kernel '{}': launch options num_warps={} and num_stages={}: expected num_warps >= 1 and "
        "num_stages >= 0",
        name, options.num_warps, options.num_stages));
  }
  if (grid.x <= 0 || grid.y <= 0 || grid.z <= 0) {
    throw KernelError(fmt::format("kernel '{}': the grid ({}, {}, {}) must be positive", name,
                                  grid.x, grid.y, grid.z));
  }
  std::int64_t xy = 0, xyz = 0;
  if (__builtin_mul_overflow(grid.x, grid.y, &xy) || __builtin_mul_overflow(xy, grid.z, &xyz)) {
    throw KernelError(fmt::format("kernel '{}': the grid ({}, {}, {}) has more than 2^63 programs",
                                  name, grid.x, grid.y, grid.z));
  }
}

LaunchResult Runner::launch(std::string name, Grid grid, Kernel kernel, LaunchOptions options) {
  check_launch(name, grid, options);
  options_ = options;
  if (opts_.replay && data_mode()) replay_log_.snapshot(memory_);
  if (records_effects()) {
    initial_.resize(allocations_.size());
    for (std::size_t i = 0; i < allocations_.size(); ++i) {
      const AllocationInfo& a = allocations_[i];
      if (!initial_[i]) initial_[i] = memory_.download(a.base, a.shape, a.dtype);
    }
  }
  kernel_name_ = std::move(name);
  kernel_ = std::move(kernel);
  grid_ = grid;
  next_program_ = 0;
  dispatched_ = 0;
  finished_ = 0;
  resident_.clear();
  footprint_ = 0;
  rf_footprint_ = 0;
  footprint_known_ = false;
  dispatcher_free_ = 0;
  resident_on_pe_.assign(chip_->pe_count(), 0);
  pe_freed_.clear();
  sample_.reset(data_mode() ? SampleOptions{} : opts_.sample, grid);
  for (std::size_t i = 0; i < chip_->pe_count(); ++i) pe_freed_.push_back(engine_.event());
  const std::uint64_t commands_before = commands_;
  LaunchResult res;
  res.kernel = kernel_name_;
  res.grid = grid;
  res.start = engine_.now();
  last_end_ = res.start;
  auto launcher = [](sim::Engine& env, Runner& r) -> sim::Process<> {
    co_await env.timeout(r.cfg_.launch.latency.in_ps());
    for (std::uint64_t ctx = 0; ctx < r.cfg_.pe.contexts; ++ctx) {
      for (std::size_t pe = 0; pe < r.chip_->pe_count(); ++pe) {
        r.context_loop(r.chip_->pe(pe), static_cast<int>(ctx));
      }
    }
  };
  launcher(engine_, *this);
  const sim::Tick limit =
      opts_.time_limit > sim::kForever - res.start ? sim::kForever : res.start + opts_.time_limit;
  try {
    engine_.run_before(limit);
  } catch (const sim::ProcessError& e) {
    std::rethrow_exception(e.original());
  }
  if (!launch_done() && engine_.peek() != sim::kForever) {
    std::string who;
    for (Program* p : resident_) who += "\n  " + p->where();
    throw TimeLimitError(fmt::format(
        "kernel '{}' did not finish within {} of simulated time ({} of {} programs finished, "
        "{} posted stores in flight); a program may loop forever (for example spinning on a "
        "lock nobody releases). Still running:{}",
        kernel_name_, sim::format_tick(opts_.time_limit), finished_, grid_.size(), draining_, who));
  }
  if (!launch_done()) report_deadlock();
  res.simulated_end = last_end_;
  res.end = sample_.sampling() ? sampled_end(res.start) : last_end_;
  // The next launch starts after this one's (estimated) end.
  if (res.end > engine_.now()) engine_.run(engine_.timeout_event(res.end - engine_.now()));
  res.programs = static_cast<std::uint64_t>(grid_.size());
  res.simulated_programs = static_cast<std::uint64_t>(finished_);
  res.commands = commands_ - commands_before;
  return res;
}

bool Runner::launch_done() const {
  // The dispatcher has run out of ids (a sampled launch's windows are fewer
  // than the grid's) and every program it handed out has finished.
  return next_program_ >= grid_.size() && finished_ == dispatched_ && draining_ == 0;
}

std::uint64_t Runner::max_resident_by_threads() const {
  const hw::PeConfig& pe = cfg_.pe;
  if (pe.threads == 0) return pe.contexts;
  const std::uint64_t threads = static_cast<std::uint64_t>(options_.num_warps) * pe.warp_size;
  return std::clamp<std::uint64_t>(pe.threads / threads, 1, pe.contexts);
}

Runner::Occupancy Runner::occupancy() const {
  Occupancy o;
  o.register_bytes = rf_footprint_;
  o.tcm_bytes = footprint_;
  o.programs = cfg_.pe.contexts;
  o.limiter = "contexts";
  const auto limit = [&](std::uint64_t n, const char* why) {
    n = std::max<std::uint64_t>(n, 1);
    if (n < o.programs) o.programs = n, o.limiter = why;
  };
  limit(max_resident_by_threads(), "threads");
  const std::uint64_t rf = cfg_.pe.regfile.size.in_bytes();
  if (rf != 0 && rf_footprint_ != 0) limit(rf / rf_footprint_, "registers");
  if (footprint_ != 0) limit(cfg_.pe.tcm.size.in_bytes() / footprint_, "shared memory (TCM)");
  return o;
}

bool Runner::admits(std::size_t p) const {
  const std::uint64_t n = resident_on_pe_[p];
  return n == 0 || (footprint_known_ && n + 1 <= occupancy().programs);
}

void Runner::learn_footprint(const hw::TcmUsage& tcm, std::uint64_t rf_bytes, bool wake) {
  footprint_ = std::max(footprint_, tcm.peak);
  rf_footprint_ = std::max(rf_footprint_, rf_bytes);
  const bool first = !footprint_known_;
  footprint_known_ = true;
  // The first estimate opens every PE to more programs at once (PE order), as
  // a GPU's scheduler knows the occupancy at launch; later estimates only
  // lower it, and programs leaving wake their PE.
  if (wake && first) {
    for (sim::Event<>& e : pe_freed_) std::exchange(e, engine_.event()).succeed();
  }
}

sim::Process<> Runner::context_loop(hw::Pe& pe, int ctx) {
  (void)ctx;
  const auto p = static_cast<std::size_t>(pe.id());
  for (;;) {
    while (next_program_ < grid_.size() && !admits(p)) {
      sim::Event<> freed = pe_freed_[p];
      co_await freed;
    }
    if (next_program_ >= grid_.size()) break;
    const std::int64_t id = next_program_;
    next_program_ = sample_.next(id + 1);
    ++dispatched_;
    ++resident_on_pe_[p];
    co_await engine_.timeout(dispatch_delay());
    const sim::Tick started = engine_.now();
    hw::TcmUsage usage;
    hw::TcmUsage rf_usage;
    Program prog(*this, pe, id, grid_);
    prog.set_tcm_usage(&usage);
    prog.set_regfile_usage(&rf_usage);
    Fiber fiber(stacks_, [this, &prog] { kernel_(prog); });
    prog.attach(&fiber);
    resident_.push_back(&prog);
    fiber.resume();
    while (!fiber.done()) {
      Program::Request& r = prog.request();
      const sim::Tick blocked_at = engine_.now();
      switch (r.kind) {
        case Program::Request::Kind::submit: {
          if (r.at > engine_.now()) co_await engine_.timeout(r.at - engine_.now());
          ++commands_;
          const sim::Tick t = engine_.now();
          co_await pe.submit(std::move(r.cmd));
          stalls_[p].queue->add(engine_.now() - t);
          break;
        }
        case Program::Request::Kind::tcm_alloc:
          *r.out = co_await pe.tcm().allocate(r.bytes, &usage);
          stalls_[p].tcm->add(engine_.now() - blocked_at);
          break;
        case Program::Request::Kind::wait:
          // An in-order program's first stall outside every loop shows the
          // footprint it builds up front (Program::note_footprint); inside a
          // loop, even one of a single trip, the loop's end shows it.
          if (!prog.in_any_loop()) prog.note_footprint();
          if (!r.wait.processed()) co_await r.wait;
          (r.operand ? stalls_[p].operand : stalls_[p].value)->add(engine_.now() - blocked_at);
          break;
        case Program::Request::Kind::none:
          break;
      }
      r.kind = Program::Request::Kind::none;
      r.wait = hw::Completion();
      fiber.resume();
    }
    std::erase(resident_, &prog);
    if (fiber.error()) rethrow_program_error(prog, fiber.error());
    for (const hw::Completion& c : prog.to_retire()) {
      if (!c.processed()) co_await c;
    }
    finish_program(prog, p, usage, started);
  }
}

sim::Tick Runner::dispatch_delay() {
  // The block scheduler starts programs one per dispatch_interval.
  const sim::Tick slot = std::max(engine_.now(), dispatcher_free_);
  dispatcher_free_ = slot + cfg_.launch.dispatch_interval.in_ps();
  return slot - engine_.now() + cfg_.launch.dispatch_latency.in_ps();
}

void Runner::rethrow_program_error(const Program& prog, const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const KernelError&) {
    throw;
  } catch (const ValueUnavailableError&) {
    throw;
  } catch (const std::exception& e) {
    throw KernelError(fmt::format("{}, tl.{}: {}", prog.where(), prog.current_op(), e.what()));
  }
}

void Runner::finish_program(const Program& prog, std::size_t p, const hw::TcmUsage& usage,
                            sim::Tick started) {
  last_end_ = std::max(last_end_, engine_.now());
  last_freed_ = engine_.now();
  sample_.record(prog.linear_id(), started, engine_.now());
  for (const hw::Completion& c : prog.outstanding()) {
    if (!c.processed()) {  // a posted store: the launch ends after it
      ++draining_;
      drain(engine_, c);
    }
  }
  ++finished_;
  learn_footprint(usage, prog.register_footprint(), false);
  if (finished_ == 1) {
    sample_.plan(chip_->pe_count() * occupancy().programs, next_program_, engine_.now());
    next_program_ = sample_.at_or_after(next_program_);
  }
  --resident_on_pe_[p];
  sim::Event<> freed = std::exchange(pe_freed_[p], engine_.event());
  freed.succeed();
}

sim::Tick Runner::sampled_end(sim::Tick start) {
  const DispatchPace pace{cfg_.launch.dispatch_interval.in_ps(),
                          cfg_.launch.dispatch_latency.in_ps()};
  const sim::Tick last_free =
      sample_.estimate_last_free(chip_->pe_count() * occupancy().programs, pace);
  // Posted stores still in flight after the last place freed up.
  const sim::Tick end = last_free + (last_end_ - last_freed_);
  if (end - start >= opts_.time_limit) {
    throw TimeLimitError(fmt::format(
        "kernel '{}' would not finish within {} of simulated time (estimated {} from {} of {} "
        "programs simulated)",
        kernel_name_, sim::format_tick(opts_.time_limit), sim::format_tick(end - start), finished_,
        grid_.size()));
  }
  return end;
}

sim::Process<> Runner::drain(sim::Engine& env, hw::Completion c) {
  co_await c;
  last_end_ = std::max(last_end_, env.now());
  --draining_;
}

void Runner::report_deadlock() {
  std::string msg = fmt::format(
      "deadlock: kernel '{}' cannot make progress at t={} ps; {} of {} programs finished, "
      "{} resident:",
      kernel_name_, engine_.now(), finished_, grid_.size(), resident_.size());
  for (Program* p : resident_) {
    const Program::Request& r = p->request();
    std::string what;
    switch (r.kind) {
      case Program::Request::Kind::tcm_alloc:
        what = fmt::format(
            "waits in tl.{} for {} bytes of TCM ({} of {} bytes in use, held by the live tiles of "
            "the resident programs): keep fewer tiles alive or use smaller tiles",
            r.op, r.bytes, p->pe().tcm().used(), p->pe().tcm().capacity());
        break;
      case Program::Request::Kind::wait:
        what = fmt::format("waits in tl.{} for a value that is never produced", r.op);
        break;
      case Program::Request::Kind::submit:
        what = fmt::format("waits in tl.{} for room in an engine queue", r.op);
        break;
      case Program::Request::Kind::none:
        what = "is not waiting";
        break;
    }
    msg += fmt::format("\n  {} {}", p->where(), what);
  }
  if (sample_.sampling()) {
    msg += fmt::format(
        "\n(a sampled run: only {} windows of the grid were dispatched; a program that waits for "
        "one outside them waits forever: simulate every program)",
        sample_.windows().size());
  }
  throw DeadlockError(msg);
}

}  // namespace kernbench::tl
