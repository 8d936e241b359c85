// Running command lists on the hardware model: data effects, verification
// against .npy references, timing through deps, and hardware-dependent
// errors with their locations.
#include "cmdlist/executor.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <string>

#include "cmdlist/parse.hpp"
#include "data/dot.hpp"
#include "data/elementwise.hpp"
#include "data/npy.hpp"
#include "data/random.hpp"
#include "data/reduce.hpp"
#include "hw/config/loader.hpp"
#include "trace/export_jsonl.hpp"

namespace kernbench::cmdlist {
namespace {

using data::DType;
using data::Shape;

std::string dir_for(const std::string& name) {
  const std::string d = ::testing::TempDir() + "/cmdlist_" + name;
  std::filesystem::create_directories(d);
  return d;
}

CommandList jsonl(const std::string& text, const std::string& dir) {
  return parse_command_list_text(text, Format::jsonl, "list.jsonl", dir);
}

/// What a test looks at in a run's op log (records are copied out; operands
/// are read through the log while it exists).
struct Logged {
  trace::OpRecord rec;
  std::vector<std::vector<std::uint32_t>> shapes;
};

ExecResult run(const std::string& text, const std::string& dir,
               std::vector<Logged>* records = nullptr) {
  const CommandList l = jsonl(text, dir);
  Executor ex(hw::load_preset("npu-default"), l, trace::TraceLevel::commands, true);
  ExecResult r = ex.run();
  if (records != nullptr) {
    ex.log().finalize();
    for (const trace::OpRecord& rec : ex.log()) {
      Logged g{rec, {}};
      for (std::size_t i = 0; i < rec.num_operands; ++i) {
        const auto s = ex.log().shape(rec, i);
        g.shapes.emplace_back(s.begin(), s.end());
      }
      records->push_back(std::move(g));
    }
  }
  return r;
}

std::string error_of(const std::string& text) {
  try {
    (void)run(text, dir_for("errors"));
  } catch (const CommandListError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST(CommandListRun, LoadExpStoreComputesExpAndVerifiesAgainstTheReference) {
  const std::string dir = dir_for("exp");
  const data::Array x = data::random_array(Shape{16, 32}, DType::f32, 5, -2, 2);
  data::write_npy(dir + "/x.npy", data::from_array(x));
  data::write_npy(dir + "/ref.npy", data::from_array(data::unary(data::UnOp::exp, x)));
  const ExecResult r = run(
      R"({"kind":"Alloc","name":"x","dtype":"f32","shape":[16,32],"npy":"x.npy"})"
      "\n"
      R"({"kind":"Alloc","name":"y","dtype":"f32","shape":[16,32]})"
      "\n"
      R"({"kind":"DmaRead","id":0,"pe":0,"mem":"x","shape":[16,32],"dtype":"f32","tcm_addr":0})"
      "\n"
      R"({"kind":"Math","id":1,"pe":0,"deps":[0],"op":"exp","inputs":[0],"out":4096,"shape":[16,32],"dtype":"f32"})"
      "\n"
      R"({"kind":"DmaWrite","id":2,"pe":0,"deps":[1],"mem":"y","shape":[16,32],"dtype":"f32","tcm_addr":4096})"
      "\n"
      R"({"kind":"Verify","alloc":"y","npy":"ref.npy","atol":0,"rtol":0})"
      "\n",
      dir);
  EXPECT_EQ(r.commands, 3u);
  EXPECT_GT(r.end, 0u);
  ASSERT_EQ(r.checks.size(), 1u);
  EXPECT_TRUE(r.checks[0].result.passed) << r.checks[0].result.to_string();
}

TEST(CommandListRun, AWrongReferenceFailsWithTheWorstElement) {
  const std::string dir = dir_for("wrong");
  data::write_npy(dir + "/ref.npy", data::from_array(data::full(Shape{8}, 2.0, DType::f32)));
  const ExecResult r =
      run(R"({"kind":"Alloc","name":"x","dtype":"f32","shape":[8],"fill":"value","value":1.0})"
          "\n"
          R"({"kind":"Verify","alloc":"x","npy":"ref.npy"})"
          "\n",
          dir);
  ASSERT_EQ(r.checks.size(), 1u);
  EXPECT_FALSE(r.checks[0].result.passed);
  EXPECT_EQ(r.checks[0].result.mismatches, 8);
}

TEST(CommandListRun, GemmWithAccumulatorMatchesTheHostDot) {
  const std::string dir = dir_for("gemm");
  const data::Array a = data::random_array(Shape{32, 16}, DType::f16, 1, -1, 1);
  const data::Array b = data::random_array(Shape{16, 24}, DType::f16, 2, -1, 1);
  const data::Array c0 = data::full(Shape{32, 24}, 0.5, DType::f32);
  data::write_npy(dir + "/a.npy", data::from_array(a));
  data::write_npy(dir + "/b.npy", data::from_array(b));
  data::write_npy(dir + "/ref.npy", data::from_array(data::dot(a, b, &c0, DType::f32)));
  // TCM: A at 0 (1 KiB), B at 1024 (768 B), acc at 2048, C at 8192.
  std::vector<Logged> log;
  const ExecResult r = run(
      R"({"kind":"Alloc","name":"a","dtype":"f16","shape":[32,16],"npy":"a.npy"})"
      "\n"
      R"({"kind":"Alloc","name":"b","dtype":"f16","shape":[16,24],"npy":"b.npy"})"
      "\n"
      R"({"kind":"Alloc","name":"acc","dtype":"f32","shape":[32,24],"fill":"value","value":0.5})"
      "\n"
      R"({"kind":"Alloc","name":"c","dtype":"f32","shape":[32,24]})"
      "\n"
      R"({"kind":"DmaRead","id":1,"pe":3,"mem":"a","shape":[32,16],"dtype":"f16","tcm_addr":0})"
      "\n"
      R"({"kind":"DmaRead","id":2,"pe":3,"mem":"b","shape":[16,24],"dtype":"f16","tcm_addr":1024})"
      "\n"
      R"({"kind":"DmaRead","id":3,"pe":3,"mem":"acc","shape":[32,24],"dtype":"f32","tcm_addr":2048})"
      "\n"
      R"({"kind":"Gemm","id":4,"pe":3,"deps":[1,2,3],"M":32,"N":24,"K":16,"a":0,"b":1024,"acc":2048,"c":8192,"dtype":"f16","out_dtype":"f32"})"
      "\n"
      R"({"kind":"DmaWrite","id":5,"pe":3,"deps":[4],"mem":"c","shape":[32,24],"dtype":"f32","tcm_addr":8192})"
      "\n"
      R"({"kind":"Verify","alloc":"c","npy":"ref.npy","atol":0,"rtol":0})"
      "\n",
      dir, &log);
  ASSERT_EQ(r.checks.size(), 1u);
  EXPECT_TRUE(r.checks[0].result.passed) << r.checks[0].result.to_string();
  const Logged* gemm = nullptr;
  for (const Logged& g : log) {
    if (g.rec.kind == trace::OpKind::Gemm) gemm = &g;
  }
  ASSERT_NE(gemm, nullptr);
  EXPECT_EQ(gemm->rec.flops, 2u * 32 * 24 * 16);
  EXPECT_EQ(gemm->rec.pe, 3);
  EXPECT_EQ(gemm->rec.acc_dtype, static_cast<std::uint8_t>(DType::f32));
  EXPECT_EQ(gemm->rec.num_deps, 3);
  // A, B, the accumulator and the result: four operands, kept out of line.
  ASSERT_EQ(gemm->shapes.size(), 4u);
  EXPECT_EQ(gemm->shapes[0], (std::vector<std::uint32_t>{32, 16}));
  EXPECT_EQ(gemm->shapes[3], (std::vector<std::uint32_t>{32, 24}));
}

TEST(CommandListRun, AStridedLoadTakesAColumnBlockAndAReductionKeepsItsAxis) {
  const std::string dir = dir_for("strided");
  const data::Array x = data::random_array(Shape{8, 16}, DType::f32, 9, 0, 1);
  // Columns 4..7 of every row: a 2-D strided descriptor.
  data::Array block = data::zeros(Shape{8, 4}, DType::f32);
  for (std::int64_t i = 0; i < 8; ++i)
    for (std::int64_t j = 0; j < 4; ++j) block.set_double(i * 4 + j, x.get_double(i * 16 + 4 + j));
  data::write_npy(dir + "/x.npy", data::from_array(x));
  data::write_npy(dir + "/ref.npy",
                  data::from_array(data::reduce(data::RedOp::max, block, 1, true)));
  const ExecResult r = run(
      R"({"kind":"Alloc","name":"x","dtype":"f32","shape":[8,16],"npy":"x.npy"})"
      "\n"
      R"({"kind":"Alloc","name":"m","dtype":"f32","shape":[8,1]})"
      "\n"
      R"({"kind":"DmaRead","id":0,"pe":1,"mem":"x","mem_offset":16,"mem_strides":[16,1],"shape":[8,4],"dtype":"f32","tcm_addr":0})"
      "\n"
      R"({"kind":"Math","id":1,"pe":1,"deps":[0],"op":"max","inputs":[0],"out":256,"shape":[8,4],"dtype":"f32","axis":1,"keep_dims":true})"
      "\n"
      R"({"kind":"DmaWrite","id":2,"pe":1,"deps":[1],"mem":"m","shape":[8,1],"dtype":"f32","tcm_addr":256})"
      "\n"
      R"({"kind":"Verify","alloc":"m","npy":"ref.npy","atol":0,"rtol":0})"
      "\n",
      dir);
  ASSERT_EQ(r.checks.size(), 1u);
  EXPECT_TRUE(r.checks[0].result.passed) << r.checks[0].result.to_string();
}

TEST(CommandListRun, ACommandWaitsForItsDepsOnAnotherPe) {
  const std::string dir = dir_for("deps");
  std::vector<Logged> log;
  (void)run(
      R"({"kind":"Alloc","name":"x","dtype":"f32","shape":[65536]})"
      "\n"
      R"({"kind":"DmaRead","id":10,"pe":0,"mem":"x","shape":[65536],"dtype":"f32","tcm_addr":0})"
      "\n"
      R"({"kind":"Math","id":11,"pe":1,"deps":[10],"op":"exp","inputs":[0],"out":0,"shape":[1024],"dtype":"f32"})"
      "\n"
      R"({"kind":"Math","id":12,"pe":2,"op":"exp","inputs":[0],"out":0,"shape":[1024],"dtype":"f32"})"
      "\n",
      dir, &log);
  ASSERT_EQ(log.size(), 3u);
  const trace::OpRecord* load = nullptr;
  const trace::OpRecord* waiting = nullptr;
  const trace::OpRecord* free = nullptr;
  for (const Logged& g : log) {
    const trace::OpRecord& rec = g.rec;
    if (rec.kind == trace::OpKind::DmaRead) load = &rec;
    if (rec.kind == trace::OpKind::Math && rec.pe == 1) waiting = &rec;
    if (rec.kind == trace::OpKind::Math && rec.pe == 2) free = &rec;
  }
  ASSERT_TRUE(load && waiting && free);
  EXPECT_GE(waiting->t_start, load->t_end);
  EXPECT_LT(free->t_start, load->t_end) << "a command without deps does not wait";
}

TEST(CommandListRun, TheSameListGivesTheSameTimelineTwice) {
  const std::string dir = dir_for("twice");
  const std::string text =
      R"({"kind":"Alloc","name":"x","dtype":"f16","shape":[128,128],"fill":"random","seed":4})"
      "\n"
      R"({"kind":"DmaRead","id":0,"pe":0,"mem":"x","shape":[128,128],"dtype":"f16","tcm_addr":0})"
      "\n"
      R"({"kind":"Gemm","id":1,"pe":0,"deps":[0],"M":128,"N":128,"K":128,"a":0,"b":0,"c":32768,"dtype":"f16"})"
      "\n"
      R"({"kind":"Barrier","id":2,"pe":0,"deps":[1]})"
      "\n";
  std::vector<Logged> a, b;
  (void)run(text, dir, &a);
  (void)run(text, dir, &b);
  ASSERT_EQ(a.size(), 3u);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].rec.t_start, b[i].rec.t_start);
    EXPECT_EQ(a[i].rec.t_end, b[i].rec.t_end);
  }
}

TEST(CommandListRun, HardwareDependentErrorsNameTheEntry) {
  const std::string alloc = R"({"kind":"Alloc","name":"x","dtype":"f32","shape":[64]})"
                            "\n";
  EXPECT_EQ(error_of(alloc + R"({"kind":"Barrier","id":0,"pe":99})"),
            "list.jsonl:2: field `pe`: PE 99 does not exist; the hardware has PEs 0 to 15 "
            "(pe.count)");
  EXPECT_EQ(
      error_of(
          alloc +
          R"({"kind":"DmaRead","id":0,"pe":0,"mem":"x","shape":[64],"dtype":"f32","tcm_addr":1048575})"),
      "list.jsonl:2: field `tcm_addr`: TCM bytes [1048575, 1048831) are past the end of "
      "PE 0's TCM (1048576 bytes, pe.tcm.size)");
  EXPECT_EQ(
      error_of(
          alloc +
          R"({"kind":"DmaRead","id":0,"pe":0,"mem":"x","mem_offset":8,"shape":[64],"dtype":"f32","tcm_addr":0})"),
      "list.jsonl:2: field `shape`: the tile reaches byte 264 of allocation `x`, which has "
      "256 bytes");
  EXPECT_EQ(error_of(R"({"kind":"Alloc","name":"x","dtype":"f32","shape":[4],"npy":"missing.npy"})")
                .substr(0, 27),
            "list.jsonl:1: field `npy`: ");
}

}  // namespace kernbench::cmdlist

namespace kernbench::cmdlist {

TEST(CommandListRun, ANativeCommandIsIssuedNoEarlierThanItsIssueTime) {
  const std::string dir = dir_for("issue");
  std::vector<Logged> log;
  (void)run(
      R"({"kind":"Alloc","name":"x","dtype":"f32","shape":[64]})"
      "\n"
      R"({"kind":"DmaRead","id":0,"pe":0,"issue":1000000,"mem":"x","shape":[64],"dtype":"f32","tcm_addr":0})"
      "\n",
      dir, &log);
  ASSERT_EQ(log.size(), 1u);
  // npu-default: 1 GHz, 1 issue cycle after the not-before time.
  EXPECT_EQ(log[0].rec.t_issue, 1000000u + 1000u);
  EXPECT_GE(log[0].rec.t_start, log[0].rec.t_issue);
}

TEST(CommandListRun, ARunsOwnOpLogReplaysToTheSameTimes) {
  const std::string dir = dir_for("replay");
  const std::string text =
      R"({"kind":"Alloc","name":"x","dtype":"f16","shape":[128,128],"fill":"random","seed":4})"
      "\n"
      R"({"kind":"DmaRead","id":0,"pe":0,"mem":"x","shape":[128,64],"mem_strides":[128,1],"dtype":"f16","tcm_addr":0})"
      "\n"
      R"({"kind":"DmaRead","id":1,"pe":1,"mem":"x","shape":[128,128],"dtype":"f16","tcm_addr":0})"
      "\n"
      R"({"kind":"Gemm","id":2,"pe":0,"deps":[0],"M":64,"N":64,"K":64,"a":0,"b":0,"c":32768,"dtype":"f16"})"
      "\n"
      R"({"kind":"Math","id":3,"pe":1,"deps":[1],"op":"sum","inputs":[0],"out":40000,"shape":[128,128],"dtype":"f16","axis":1})"
      "\n"
      R"({"kind":"DmaWrite","id":4,"pe":0,"deps":[2],"mem":"x","shape":[64,64],"mem_strides":[128,1],"dtype":"f32","tcm_addr":32768})"
      "\n";
  const CommandList l = jsonl(text, dir);
  Executor first(hw::load_preset("npu-default"), l, trace::TraceLevel::commands, false);
  (void)first.run();
  first.log().finalize();
  std::ostringstream os;
  trace::write_jsonl(first.log(), os);
  const CommandList again = jsonl(os.str(), dir);
  ASSERT_EQ(again.commands.size(), 5u);
  Executor second(hw::load_preset("npu-default"), again, trace::TraceLevel::commands, false);
  (void)second.run();
  second.log().finalize();
  ASSERT_EQ(second.log().size(), first.log().size());
  for (std::size_t i = 0; i < first.log().size(); ++i) {
    const trace::OpRecord& a = first.log()[i];
    const trace::OpRecord& b = second.log()[i];
    EXPECT_EQ(a.t_issue, b.t_issue) << i;
    EXPECT_EQ(a.t_start, b.t_start) << i;
    EXPECT_EQ(a.t_end, b.t_end) << i;
    EXPECT_EQ(a.unit, b.unit) << i;
    EXPECT_EQ(a.unit_index, b.unit_index) << i;
    EXPECT_EQ(a.pe, b.pe) << i;
  }
}

}  // namespace kernbench::cmdlist

namespace kernbench::cmdlist {

TEST(CommandListRun, AReplayOnHardwareWhereTheRecordedOrderCannotHoldStopsNamingTheRecord) {
  const std::string dir = dir_for("divergent");
  // PE 0's two DMA engines: `wait` waits for a long exp on PE 1 while `free`
  // starts at once, so `free` is taken first. With one DMA engine `free`
  // queues behind `wait`, and the recorded order cannot hold.
  const std::string text =
      R"({"kind":"Alloc","name":"x","dtype":"f32","shape":[1024]})"
      "\n"
      R"({"kind":"Math","id":0,"pe":1,"op":"exp","inputs":[0],"out":8192,"shape":[65536],"dtype":"f32"})"
      "\n"
      R"({"kind":"DmaRead","id":1,"pe":0,"deps":[0],"name":"wait","mem":"x","shape":[1024],"dtype":"f32","tcm_addr":0})"
      "\n"
      R"({"kind":"DmaRead","id":2,"pe":0,"name":"free","mem":"x","shape":[1024],"dtype":"f32","tcm_addr":4096})"
      "\n";
  hw::HwConfig two = hw::load_preset("npu-default");
  ASSERT_EQ(two.pe.dma.engines, 2u);
  const CommandList l = jsonl(text, dir);
  Executor first(two, l, trace::TraceLevel::commands, false);
  (void)first.run();
  first.log().finalize();
  std::ostringstream os;
  trace::write_jsonl(first.log(), os);
  const CommandList again = parse_command_list_text(os.str(), Format::jsonl, "log.jsonl", dir);
  hw::HwConfig one = two;
  one.pe.dma.engines = 1;
  Executor second(one, again, trace::TraceLevel::commands, false);
  try {
    (void)second.run();
    FAIL() << "expected an error";
  } catch (const CommandListError& e) {
    EXPECT_NE(std::string(e.what()).find("never started: the op log's commands cannot start in "
                                         "their recorded order on this hardware"),
              std::string::npos)
        << e.what();
    EXPECT_EQ(std::string(e.what()).rfind("log.jsonl:", 0), 0u) << e.what();
  }
}

}  // namespace kernbench::cmdlist
