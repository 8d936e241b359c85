#include "sweep/mpi_world.hpp"

#include <mpi.h>
#include <signal.h>
#include <sys/prctl.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <stdexcept>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "sweep/serial_worker.hpp"

namespace kernbench::sweep {
namespace {

enum Tag : int { kReady = 1, kResult = 2, kWork = 3, kStop = 4 };

void check(int rc, const char* what) {
  if (rc != MPI_SUCCESS) throw std::runtime_error(std::string("MPI: ") + what + " failed");
}

std::string encode(std::size_t index, const Outcome& o) {
  return nlohmann::json{{"index", index},   {"ok", o.ok},
                        {"error", o.error}, {"report", o.report_json},
                        {"host", o.host},   {"wall_seconds", o.wall_seconds}}
      .dump();
}

std::size_t decode(const std::string& text, int rank, Outcome& o) {
  const auto j = nlohmann::json::parse(text);
  o.ok = j.at("ok").get<bool>();
  o.error = j.at("error").get<std::string>();
  o.report_json = j.at("report").get<std::string>();
  o.host = j.at("host").get<std::string>();
  o.wall_seconds = j.at("wall_seconds").get<double>();
  o.worker = rank;
  return j.at("index").get<std::size_t>();
}

// Waits for the next message to rank 0 without spinning.
MPI_Status wait_message(const std::function<void()>& on_tick) {
  MPI_Status st;
  int flag = 0;
  auto last_tick = std::chrono::steady_clock::now();
  for (;;) {
    check(MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &st), "probe");
    if (flag) return st;
    std::this_thread::sleep_for(std::chrono::microseconds(200));
    if (on_tick && std::chrono::steady_clock::now() - last_tick > std::chrono::milliseconds(200)) {
      on_tick();
      last_tick = std::chrono::steady_clock::now();
    }
  }
}

std::string receive(const MPI_Status& st) {
  int count = 0;
  check(MPI_Get_count(&st, MPI_CHAR, &count), "get_count");
  std::string buf(static_cast<std::size_t>(count), '\0');
  check(MPI_Recv(buf.data(), count, MPI_CHAR, st.MPI_SOURCE, st.MPI_TAG, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE),
        "recv");
  return buf;
}

}  // namespace

bool launched_by_mpi() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") != nullptr || std::getenv("PMIX_RANK") != nullptr ||
         std::getenv("PMI_RANK") != nullptr;
}

MpiWorld::MpiWorld() {
  // A rank dies with the launcher daemon that started it (mpirun locally,
  // orted or slurmstepd elsewhere), so `kill -9` of mpirun leaves no rank
  // writing on.
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  // Workers fork one child per point; the warning is about RDMA transports
  // and the child never calls MPI.
  ::setenv("OMPI_MCA_mpi_warn_on_fork", "0", 0);
  check(MPI_Init(nullptr, nullptr), "init");
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

MpiWorld::~MpiWorld() {
  MPI_Finalize();
}

bool MpiWorld::agree(bool ok_at_root) const {
  int v = ok_at_root ? 1 : 0;
  check(MPI_Bcast(&v, 1, MPI_INT, 0, MPI_COMM_WORLD), "broadcast");
  return v != 0;
}

void MpiWorld::abort(int code) const {
  MPI_Abort(MPI_COMM_WORLD, code);
  std::_Exit(code);
}

void MpiWorld::coordinate(const std::vector<std::size_t>& todo, const OnFinished& on_finished,
                          const std::function<void()>& on_tick) const {
  std::deque<std::size_t> queue(todo.begin(), todo.end());
  int active = size_ - 1;
  while (active > 0) {
    const MPI_Status st = wait_message(on_tick);
    const std::string msg = receive(st);
    if (st.MPI_TAG == kResult) {
      Outcome o;
      const std::size_t index = decode(msg, st.MPI_SOURCE, o);
      on_finished(index, o);
    }
    if (queue.empty()) {
      check(MPI_Send(nullptr, 0, MPI_CHAR, st.MPI_SOURCE, kStop, MPI_COMM_WORLD), "send");
      --active;
      continue;
    }
    const std::uint64_t next = queue.front();
    queue.pop_front();
    check(MPI_Send(&next, 1, MPI_UINT64_T, st.MPI_SOURCE, kWork, MPI_COMM_WORLD), "send");
  }
}

void MpiWorld::serve(const std::vector<Point>& points, const RunPoint& run,
                     const Limits& limits) const {
  SerialWorker worker(points, run, limits);
  check(MPI_Send(nullptr, 0, MPI_CHAR, 0, kReady, MPI_COMM_WORLD), "send");
  for (;;) {
    MPI_Status st;
    std::uint64_t index = 0;
    check(MPI_Recv(&index, 1, MPI_UINT64_T, 0, MPI_ANY_TAG, MPI_COMM_WORLD, &st), "recv");
    if (st.MPI_TAG == kStop) return;
    if (index >= points.size()) throw std::logic_error("MPI: point index out of range");
    const std::string result = encode(index, worker.run(index));
    check(MPI_Send(result.data(), static_cast<int>(result.size()), MPI_CHAR, 0, kResult,
                   MPI_COMM_WORLD),
          "send");
  }
}

}  // namespace kernbench::sweep
