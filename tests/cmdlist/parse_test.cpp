// Parsing command lists: what is accepted, and that every error names the
// file, the line and the field.
#include "cmdlist/parse.hpp"

#include <gtest/gtest.h>

#include <string>

namespace kernbench::cmdlist {
namespace {

CommandList jsonl(const std::string& text) {
  return parse_command_list_text(text, Format::jsonl, "list.jsonl", "/data");
}

std::string error_of(const std::string& text, Format f = Format::jsonl) {
  try {
    (void)parse_command_list_text(text, f, f == Format::jsonl ? "list.jsonl" : "list.yaml", ".");
  } catch (const CommandListError& e) {
    return e.what();
  }
  return "no error";
}

const std::string kAlloc = R"({"kind":"Alloc","name":"x","dtype":"f32","shape":[4,8]})"
                           "\n";

}  // namespace

TEST(CommandListParse, ReadsAllocationsCommandsAndChecksInFileOrder) {
  const CommandList l = jsonl(
      R"({"kind":"Alloc","name":"x","dtype":"f16","shape":[4,8],"npy":"x.npy"})"
      "\n"
      "\n"
      R"({"kind":"Alloc","name":"y","dtype":"f32","shape":[4],"fill":"random","seed":3})"
      "\n"
      R"({"kind":"DmaRead","id":1,"pe":2,"mem":"x","mem_offset":16,"shape":[2,8],"dtype":"f16","tcm_addr":0})"
      "\n"
      R"({"kind":"Math","id":2,"pe":2,"deps":[1],"op":"sum","inputs":[0],"out":64,"shape":[2,8],"dtype":"f16","axis":-1,"keep_dims":true})"
      "\n"
      R"({"kind":"Verify","alloc":"y","npy":"/abs/ref.npy","atol":0.5})"
      "\n");
  ASSERT_EQ(l.allocs.size(), 2u);
  EXPECT_EQ(l.allocs[0].init, AllocSpec::Init::npy);
  EXPECT_EQ(l.allocs[0].npy, "/data/x.npy");
  EXPECT_EQ(l.allocs[1].init, AllocSpec::Init::random);
  EXPECT_EQ(l.allocs[1].seed, 3u);
  ASSERT_EQ(l.commands.size(), 2u);
  EXPECT_EQ(l.commands[0].op, CommandOp::dma_read);
  EXPECT_EQ(l.commands[0].mem_offset, 16u);
  EXPECT_EQ(l.commands[0].at.line, 4);
  EXPECT_EQ(l.commands[1].math_kind, MathKind::reduce);
  EXPECT_EQ(l.commands[1].axis, 1) << "a negative axis counts from the end";
  EXPECT_TRUE(l.commands[1].keep_dims);
  EXPECT_EQ(l.commands[1].deps, (std::vector<std::int64_t>{1}));
  ASSERT_EQ(l.verifies.size(), 1u);
  EXPECT_EQ(l.verifies[0].npy, "/abs/ref.npy");
  EXPECT_EQ(l.verifies[0].atol, 0.5);
}

TEST(CommandListParse, YamlIsASequenceOfTheSameEntriesWithLineNumbers) {
  const std::string yaml =
      "- kind: Alloc\n"
      "  name: x\n"
      "  dtype: f32\n"
      "  shape: [64]\n"
      "- kind: DmaRead\n"
      "  id: 7\n"
      "  pe: 0\n"
      "  mem: x\n"
      "  shape: [64]\n"
      "  dtype: f32\n"
      "  tcm_addr: 0\n"
      "- kind: Barrier\n"
      "  id: 8\n"
      "  pe: 0\n"
      "  deps: [7]\n";
  const CommandList l = parse_command_list_text(yaml, Format::yaml, "list.yaml", ".");
  ASSERT_EQ(l.commands.size(), 2u);
  EXPECT_EQ(l.commands[0].at.line, 5);
  EXPECT_EQ(l.commands[1].op, CommandOp::barrier);
  EXPECT_EQ(error_of("- kind: DmaRead\n  id: 1\n  pe: zero\n", Format::yaml),
            "list.yaml:1: field `pe`: expected a whole number >= 0");
}

TEST(CommandListParse, EveryErrorNamesTheFileTheLineAndTheField) {
  EXPECT_EQ(error_of(kAlloc + R"({"kind":"Dma","id":1})"),
            "list.jsonl:2: field `kind`: `Dma` is not a kind; expected one of Alloc, DmaRead, "
            "DmaWrite, Gemm, Math, Barrier, Verify");
  EXPECT_EQ(
      error_of(kAlloc + R"({"kind":"DmaRead","id":1,"pe":0,"mem":"x","dtype":"f32","tcm_addr":0})"),
      "list.jsonl:2: field `shape`: missing (required)");
  EXPECT_EQ(error_of(kAlloc + R"({"kind":"Barrier","id":1,"pe":0,"wait":true})"),
            "list.jsonl:2: field `wait`: unknown field for kind `Barrier`; expected one of kind, "
            "id, pe, deps, name, issue");
  EXPECT_EQ(error_of(kAlloc + R"({"kind":"Barrier","id":1,"pe":0,"deps":[2]})"),
            "list.jsonl:2: field `deps`: 2 is not the id of an earlier command");
  EXPECT_EQ(error_of(kAlloc + R"({"kind":"Barrier","id":1,"pe":0})"
                              "\n"
                              R"({"kind":"Barrier","id":1,"pe":0})"),
            "list.jsonl:3: field `id`: id 1 is used twice");
  EXPECT_EQ(
      error_of(
          R"({"kind":"DmaWrite","id":1,"pe":0,"mem":"y","shape":[4],"dtype":"f32","tcm_addr":0})"),
      "list.jsonl:1: field `mem`: no allocation named `y` (declare it with kind Alloc first)");
  EXPECT_EQ(error_of(kAlloc + R"({"kind":"Alloc","name":"x","dtype":"f32","shape":[1]})"),
            "list.jsonl:2: field `name`: allocation `x` is declared twice");
  EXPECT_EQ(error_of(kAlloc + R"({"kind":"Verify","alloc":"z","npy":"r.npy"})"),
            "list.jsonl:2: field `alloc`: no allocation named `z`");
  EXPECT_EQ(error_of(R"({"kind":"Alloc","name":"x","dtype":"f33","shape":[1]})").substr(0, 35),
            "list.jsonl:1: field `dtype`: unknow");
  EXPECT_EQ(error_of(R"({"kind":"Alloc","name":"x","dtype":"f32","shape":[0]})"),
            "list.jsonl:1: field `shape`: expected a list of whole numbers >= 1");
  EXPECT_EQ(
      error_of(
          R"({"kind":"Math","id":1,"pe":0,"op":"exp","inputs":[0,8],"out":0,"shape":[4],"dtype":"f32"})")
          .substr(0, 70),
      "list.jsonl:1: field `op`: `exp` with 2 input(s) is not a math op; expe");
  EXPECT_EQ(
      error_of(
          R"({"kind":"Math","id":1,"pe":0,"op":"add","inputs":[0,8],"out":0,"shape":[4],"dtype":"f32","axis":0})"),
      "list.jsonl:1: field `axis`: only reductions (sum, max, min) take one");
  EXPECT_EQ(error_of("{\"kind\":\"Alloc\"\n"), error_of("{\"kind\":\"Alloc\"\n"));
  EXPECT_EQ(error_of("{\"kind\":\"Alloc\"\n").substr(0, 31), "list.jsonl:1: not a JSON object");
  EXPECT_EQ(error_of("[1,2]\n"), "list.jsonl:1: expected one JSON object per line");
  EXPECT_EQ(
      error_of(
          R"({"kind":"Gemm","id":0,"pe":0,"M":99999999,"N":1,"K":1,"a":0,"b":0,"c":0,"dtype":"f16"})"),
      "list.jsonl:1: field `M`: expected at most 2^24 elements");
  EXPECT_EQ(
      error_of(
          kAlloc +
          R"({"kind":"DmaRead","id":0,"pe":0,"mem":"x","mem_strides":[1099511627777,1],"shape":[2,2],"dtype":"f32","tcm_addr":0})"),
      "list.jsonl:2: field `mem_strides`: expected strides from 0 to 2^40 (in elements)");
}

TEST(CommandListParse, RecognisesCommandListsByTheirExtension) {
  EXPECT_TRUE(is_command_list_path("a/b.jsonl"));
  EXPECT_TRUE(is_command_list_path("b.yaml"));
  EXPECT_TRUE(is_command_list_path("b.yml"));
  EXPECT_FALSE(is_command_list_path("matmul"));
  EXPECT_FALSE(is_command_list_path("hw.json"));
}

}  // namespace kernbench::cmdlist

namespace kernbench::cmdlist {
namespace {

/// An op-log line as `--oplog` writes it (a strided load on PE 2).
const std::string kRecord =
    R"({"id":7,"pe":2,"unit":"dma","unit_index":1,"kind":"DmaRead","name":"load","program":5,)"
    R"("t_issue":3000,"t_start":3500,"t_end":9000,"src_addr":4096,"dst_addr":0,"bytes":8192,)"
    R"("flops":0,"changes_memory":true,"operands":[{"shape":[64,32],"dtype":0}],"deps":[],)"
    R"("has_result":true,"acc_dtype":null,"axis":null,"keep_dims":false,"hw":{"command":"DmaRead",)"
    R"("t_queue":2500,"queue_seq":11,"start_seq":9,"tcm_bytes":8192,"spill_bytes":0,)"
    R"("pattern":{"addr":4096,"rows":64,"row_bytes":128,"stride":1024},"bypass_l1":true}})";

std::string with(std::string text, const std::string& from, const std::string& to) {
  text.replace(text.find(from), from.size(), to);
  return text;
}

}  // namespace

TEST(CommandListParse, AnOpLogLineIsARecordedCommandWithItsHardwareDescription) {
  const CommandList l = jsonl(kRecord + "\n");
  ASSERT_EQ(l.commands.size(), 1u);
  const CommandSpec& c = l.commands[0];
  EXPECT_EQ(c.op, CommandOp::dma_read);
  EXPECT_EQ(c.id, 7);
  EXPECT_EQ(c.pe, 2);
  EXPECT_EQ(c.name, "load");
  ASSERT_TRUE(c.recorded.has_value());
  const RecordedCommand& r = *c.recorded;
  EXPECT_EQ(r.kind, hw::CommandKind::dma_read);
  EXPECT_EQ(r.t_issue, 3000u);
  EXPECT_EQ(r.t_queue, 2500u);
  EXPECT_EQ(r.queue_seq, 11u);
  EXPECT_EQ(r.start_seq, 9u);
  EXPECT_EQ(r.pattern, RecordedCommand::Pattern::strided);
  EXPECT_EQ(r.addr, 4096u);
  EXPECT_EQ(r.rows, 64u);
  EXPECT_EQ(r.row_bytes, 128u);
  EXPECT_EQ(r.stride, 1024u);
  EXPECT_TRUE(r.bypass_l1);
  EXPECT_FALSE(r.staged);
  EXPECT_EQ(r.program, 5);
  ASSERT_EQ(r.operands.size(), 1u);
  EXPECT_EQ(r.operands[0].shape, (std::vector<std::uint64_t>{64, 32}));
}

TEST(CommandListParse, MemorySideRecordsAreSkippedAndCommandRecordsNeedTheirDescription) {
  const std::string hbm =
      R"({"id":8,"pe":-1,"unit":"hbm","unit_index":3,"kind":"HbmAccess","name":"hbm","program":-1,)"
      R"("t_issue":0,"t_start":10,"t_end":20,"src_addr":0,"dst_addr":0,"bytes":64,"flops":0,)"
      R"("changes_memory":false,"operands":[],"deps":[],"has_result":false,"acc_dtype":null,)"
      R"("axis":null,"keep_dims":false})";
  EXPECT_EQ(jsonl(hbm + "\n").commands.size(), 0u);
  const std::string bare = kRecord.substr(0, kRecord.find(R"(,"hw":)")) + "}";
  EXPECT_NE(error_of(bare + "\n").find("list.jsonl:1: field `hw`: missing"), std::string::npos)
      << error_of(bare + "\n");
}

TEST(CommandListParse, ARecordErrorNamesTheLineAndTheNestedField) {
  EXPECT_EQ(error_of(kAlloc + with(kRecord, R"("addr":4096,"rows")", R"("rows")") + "\n"),
            "list.jsonl:2: field `hw.pattern.addr`: missing (required)");
  EXPECT_EQ(error_of(with(kRecord, R"("unit":"dma")", R"("unit":"gemm")") + "\n"),
            "list.jsonl:1: field `unit`: a DmaRead runs on the dma engine, not `gemm`");
  EXPECT_EQ(error_of(with(kRecord, R"("t_queue":2500)", R"("t_queue":3100)") + "\n"),
            "list.jsonl:1: field `hw`: t_queue 3100 is after t_issue 3000; a command is issued no "
            "earlier than it enters its queue");
  EXPECT_EQ(error_of(with(kRecord, R"("rows":64)", R"("rows":99999999999)") + "\n"),
            "list.jsonl:1: field `hw.pattern.rows`: expected at most 16777216");
  EXPECT_EQ(error_of(with(kRecord, R"("command":"DmaRead")", R"("command":"Copy")") + "\n"),
            "list.jsonl:1: field `hw.command`: `Copy` is not a command kind");
}

TEST(CommandListParse, ANativeCommandTakesAnIssueTime) {
  const CommandList l = jsonl(
      kAlloc +
      R"({"kind":"DmaRead","id":1,"pe":0,"issue":5000,"mem":"x","shape":[4,8],"dtype":"f32","tcm_addr":0})"
      "\n");
  ASSERT_EQ(l.commands.size(), 1u);
  EXPECT_EQ(l.commands[0].issue, 5000u);
  EXPECT_FALSE(l.commands[0].recorded.has_value());
}

}  // namespace kernbench::cmdlist
