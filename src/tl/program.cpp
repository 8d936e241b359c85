#include "tl/program.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "hw/runtime/chip.hpp"
#include "tl/errors.hpp"
#include "tl/fiber.hpp"
#include "tl/runner.hpp"

namespace kernbench::tl {

using data::DType;
using data::Shape;

Program::Program(Runner& runner, hw::Pe& pe, std::int64_t linear_id, const Grid& grid)
    : runner_(&runner), pe_(&pe), linear_id_(linear_id), grid_(grid) {
  ids_[0] = linear_id % grid.x;
  ids_[1] = (linear_id / grid.x) % grid.y;
  ids_[2] = linear_id / (grid.x * grid.y);
  local_ = pe.engine().now();
}

Program::~Program() = default;

std::int64_t Program::program_id(int axis) const {
  if (axis < 0 || axis > 2) {
    throw KernelError(
        fmt::format("{}: program_id(axis={}): axis must be 0, 1 or 2", where(), axis));
  }
  return ids_[axis];
}

std::int64_t Program::num_programs(int axis) const {
  if (axis < 0 || axis > 2) {
    throw KernelError(
        fmt::format("{}: num_programs(axis={}): axis must be 0, 1 or 2", where(), axis));
  }
  return axis == 0 ? grid_.x : (axis == 1 ? grid_.y : grid_.z);
}

bool Program::has_values() const {
  return runner_->data_mode();
}

std::string Program::where() const {
  return fmt::format("kernel '{}', program {} ({}, {}, {}) on PE {}", runner_->kernel_name(),
                     linear_id_, ids_[0], ids_[1], ids_[2], pe_->id());
}

void Program::cpu(std::uint64_t cycles) {
  local_ = pe_->reserve_cpu(std::max(local_, pe_->engine().now()), cycles);
}

void Program::yield(Request r) {
  sample_registers();  // a stall is between operations too
  req_ = std::move(r);
  fiber_->yield();
  local_ = std::max(local_, pe_->engine().now());
}

hw::CommandPtr Program::command(hw::CommandKind kind, const char* name) {
  auto c = std::make_unique<hw::Command>();
  c->kind = kind;
  c->name = runner_->name_id(name);
  c->program = linear_id_;
  return c;
}

void Program::submit(hw::CommandPtr cmd) {
  cpu(runner_->config().pe.cpu.issue_cycles);
  if (outstanding_.size() >= 256) {
    std::erase_if(outstanding_, [](const hw::Completion& c) { return c.processed(); });
  }
  outstanding_.push_back(cmd->done);
  // An in-order PE posts its stores: a program retires without waiting for
  // their acknowledgement (the launch still ends when they complete).
  if (!(runner_->config().pe.cpu.in_order && cmd->kind == hw::CommandKind::dma_write)) {
    if (retire_.size() >= 256) {
      std::erase_if(retire_, [](const hw::Completion& c) { return c.processed(); });
    }
    retire_.push_back(cmd->done);
  }
  if (runner_->config().pe.cpu.in_order &&
      std::any_of(cmd->deps.begin(), cmd->deps.end(),
                  [](const hw::Completion& d) { return !d.processed(); })) {
    runner_->count_command();
    pe_->submit_when_ready(std::move(cmd), local_);
    return;
  }
  // The program may run ahead of the engine by up to one quantum of CPU time
  // (lazy synchronisation): the command is queued now and carries its issue
  // time. Beyond the quantum, or with a full queue, the program waits.
  if (local_ <= pe_->engine().now() + runner_->sync_quantum() && pe_->try_submit(cmd, local_)) {
    runner_->count_command();
    return;
  }
  Request r;
  r.kind = Request::Kind::submit;
  r.at = local_;
  r.cmd = std::move(cmd);
  r.op = op_;
  yield(std::move(r));
}

data::Array Program::value_of(const Tensor::State& s) {
  return *runner_->live_env().value(s);
}

void Program::wait_ready(const Tensor::State& s) {
  if (s.device) wait_for(s.ready, false);
}

void Program::wait_for(const hw::Completion& c, bool operand) {
  if (c.processed()) return;
  Request r;
  r.kind = Request::Kind::wait;
  r.wait = c;
  r.op = op_;
  r.operand = operand;
  yield(std::move(r));
}

Tensor Program::make_host(HostValue v, bool pointer, DType pointee) {
  auto s = std::make_shared<Tensor::State>();
  s->prog = this;
  s->shape = v.shape();
  s->dtype = v.dtype();
  s->pointer = pointer;
  s->pointee = pointee;
  s->host = std::move(v);
  return Tensor(std::move(s));
}

HostValue Program::host_of(const Tensor& t, const char* op) {
  const Tensor::State& s = t.state();
  if (!s.device) return s.host;
  // A tile computed on the engines used where the program itself needs the
  // values (an address, a mask): wait for it.
  if (!runner_->data_mode()) {
    throw ValueUnavailableError(fmt::format(
        "{}, tl.{}: needs the values of a tile computed on the engines (shape {}), which do not "
        "exist in timing-only mode; run in data mode",
        where(), op, s.shape.to_string()));
  }
  wait_ready(s);
  return HostValue::dense(value_of(s));
}

Tensor Program::issue(hw::CommandPtr cmd, const Shape* out_shape, DType out_dtype,
                      std::initializer_list<const Tensor*> inputs, Compute compute, EffectDesc desc,
                      std::shared_ptr<const std::vector<std::uint64_t>> writes,
                      std::uint64_t elem_bytes) {
  // The register footprint is sampled between operations, as a compiler's
  // register allocation sees the values live across them (not an op's
  // transient result next to the operands it replaces).
  sample_registers();
  const bool window = in_window();
  wait_in_order(*cmd, inputs, window);
  // A math command reads its device operands from the TCM and writes its
  // result there (the PE charges the ports when pe.math.tcm_operands).
  const bool math = hw::engine_for(cmd->kind) == hw::EngineKind::math;
  std::uint64_t math_tcm_bytes = 0;
  for (const Tensor* in : inputs) {
    if (in == nullptr || !in->state().device) continue;
    const Tensor::State& st = in->state();
    if (math)
      math_tcm_bytes += static_cast<std::uint64_t>(st.shape.numel()) * data::size_of(st.dtype);
    add_input(*cmd, st);
  }
  Tensor out;
  hw::Completion done = pe_->engine().event<trace::OpId>();
  cmd->done = done;
  if (out_shape != nullptr) {
    auto s = std::make_shared<Tensor::State>();
    s->prog = this;
    s->shape = *out_shape;
    s->dtype = out_dtype;
    s->device = true;
    s->ready = done;
    const std::uint64_t bytes =
        static_cast<std::uint64_t>(out_shape->numel()) * data::size_of(out_dtype);
    if (math) math_tcm_bytes += bytes;
    s->buf = allocate_result(*cmd, bytes, window);
    if (!s->buf.of(pe_->regfile())) {
      cmd->holds.push_back(s->buf);
      cmd->changes_memory = true;  // the result is written to the TCM
    }
    if (runner_->log_commands()) {
      cmd->operands.push_back(
          {{out_shape->begin(), out_shape->end()}, static_cast<std::uint8_t>(out_dtype)});
      cmd->has_result = true;
    }
    if (runner_->data_mode() && compute) {
      cmd->effect =
          runner_->make_effect(std::move(compute), std::move(desc), s, op_, where(), nullptr, 0);
    }
    out = Tensor(std::move(s));
  } else if (runner_->data_mode() && compute) {
    cmd->effect = runner_->make_effect(std::move(compute), std::move(desc), nullptr, op_, where(),
                                       std::move(writes), elem_bytes);
  }
  if (math) cmd->tcm_bytes = math_tcm_bytes;
  if (window) loops_.back().record(cmd->done, cmd->kind == hw::CommandKind::dma_read);
  order_after_own_stores(*cmd);
  submit(std::move(cmd));
  return out;
}

void Program::order_after_own_stores(hw::Command& cmd) {
  if (cmd.kind != hw::CommandKind::dma_read && cmd.kind != hw::CommandKind::dma_write) return;
  if (cmd.remote_pe >= 0) return;
  const hw::ByteRange range = hw::pattern_bounds(cmd.pattern);
  if (range.first == range.last) return;
  std::erase_if(stores_, [](const PendingStore& s) { return s.done.processed(); });
  // A program reads its own earlier writes (and writes after them in order).
  for (const PendingStore& s : stores_) {
    if (s.range.overlaps(range)) cmd.deps.push_back(s.done);
  }
  if (cmd.kind == hw::CommandKind::dma_write) stores_.push_back({range, cmd.done});
}

void Program::wait_in_order(const hw::Command& cmd, std::initializer_list<const Tensor*> inputs,
                            bool window) {
  // In order: an instruction issues once its operands are ready. Loads need
  // only their addresses (host values); inside a pipelined loop the dots are
  // asynchronous MMAs too.
  if (!runner_->config().pe.cpu.in_order || cmd.kind == hw::CommandKind::dma_read ||
      (window && cmd.kind == hw::CommandKind::gemm)) {
    return;
  }
  for (const Tensor* in : inputs) {
    if (in != nullptr) wait_operand(in->state());
  }
}

void Program::add_input(hw::Command& cmd, const Tensor::State& s) {
  const bool logging = runner_->log_commands();
  // Completed producers are kept only for the op log's flow arrows.
  if (!s.ready.processed() || logging) cmd.deps.push_back(s.ready);
  // Register tiles live as long as the program's handles (their registers
  // are the compiler's, live range by live range); TCM tiles until the
  // commands reading them complete.
  if (s.buf.valid() && !s.buf.of(pe_->regfile())) cmd.holds.push_back(s.buf);
  if (logging) {
    cmd.operands.push_back({{s.shape.begin(), s.shape.end()}, static_cast<std::uint8_t>(s.dtype)});
  }
}

hw::TcmBuffer Program::allocate_result(hw::Command& cmd, std::uint64_t bytes, bool window) {
  if (window && cmd.kind == hw::CommandKind::dma_read) {
    LoopPipeline::Site& site = loops_.back().next_site();
    hw::TcmBuffer buf = stage_load(cmd, site, bytes);
    if (!buf.of(pe_->regfile())) {
      site.recent = buf;  // the ring slot of this iteration (tl/pipeline.hpp)
      site.recent_iteration = loops_.back().iteration();
    }
    return buf;
  }
  if (cmd.kind == hw::CommandKind::dma_read && !loops_.empty()) {
    loops_.back().note_unstaged_load(bytes);
  }
  if (in_regfile(cmd.kind, window)) return register_buffer(cmd, bytes);
  return allocate_tcm(bytes);
}

hw::TcmBuffer Program::allocate_tcm(std::uint64_t bytes) {
  hw::TcmBuffer buf = pe_->tcm().try_allocate(bytes, usage_);  // throws if it can never fit
  if (!buf.valid()) {
    Request r;
    r.kind = Request::Kind::tcm_alloc;
    r.bytes = bytes;
    r.out = &buf;
    r.op = op_;
    yield(std::move(r));
  }
  return buf;
}

bool Program::in_regfile(hw::CommandKind kind, bool window) const {
  if (pe_->regfile_capacity() == 0) return false;
  // Inside a pipelined loop a load is an asynchronous copy into the TCM.
  return !(window && kind == hw::CommandKind::dma_read);
}

std::uint64_t Program::register_limit() const {
  // Each thread addresses at most pe.regfile.per_thread, and one program
  // (a thread block) at most the PE's register file.
  const hw::PeConfig& pe = runner_->config().pe;
  const std::uint64_t per_threads =
      static_cast<std::uint64_t>(runner_->launch_options().num_warps) * pe.warp_size *
      pe.regfile.per_thread.in_bytes();
  return std::min(per_threads, pe_->regfile_capacity());
}

void Program::sample_registers() {
  if (rf_usage_ != nullptr) rf_between_ops_ = std::max(rf_between_ops_, rf_usage_->current);
}

std::uint64_t Program::register_footprint() const {
  // Spilled bytes live in memory, not in the register file.
  return std::min(rf_between_ops_, register_limit());
}

std::uint64_t Program::spill_of(std::uint64_t bytes) const {
  const std::uint64_t limit = register_limit();
  const std::uint64_t after = (rf_usage_ != nullptr ? rf_usage_->current : 0) + bytes;
  return after <= limit ? 0 : std::min(bytes, after - limit);
}

void Program::wait_operand(const Tensor::State& s) {
  if (s.device) wait_for(s.ready, true);
}

bool Program::describing() const {
  return runner_->records_effects();
}

Tensor Program::view(const Tensor& src, Shape shape, std::function<data::Array(data::Array)> fn,
                     ViewStep step) {
  auto s = std::make_shared<Tensor::State>();
  const Tensor::State& from = src.state();
  s->prog = this;
  s->shape = shape;
  s->dtype = from.dtype;
  s->device = true;
  s->ready = from.ready;
  s->buf = from.buf;
  s->view_src = src.shared();
  s->view_fn = std::move(fn);
  s->view_step = std::move(step);
  return Tensor(std::move(s));
}

void Program::debug_barrier() {
  op_ = "debug_barrier";
  for (const hw::Completion& c : outstanding_) {
    if (c.processed()) continue;
    Request r;
    r.kind = Request::Kind::wait;
    r.wait = c;
    r.op = op_;
    yield(std::move(r));
  }
  outstanding_.clear();
}

}  // namespace kernbench::tl
