#include "hw/config/loader.hpp"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>

namespace kernbench::hw {
namespace {

std::string load_error(std::string_view yaml) {
  try {
    load_config_text(yaml, "bad.yaml");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

TEST(LoadConfigText, OverridesDefaultsAndAcceptsDottedKeys) {
  const HwConfig c = load_config_text(
      "pe:\n  count: 8\n  tcm:\n    size: 512 KiB\nfabric.mesh.x: 2\nfabric.mesh.y: 4\n",
      "ok.yaml");
  EXPECT_EQ(c.pe.count, 8u);
  EXPECT_EQ(c.pe.tcm.size.in_bytes(), 512u * 1024);
  EXPECT_EQ(c.fabric.mesh.x, 2u);
  EXPECT_EQ(c.pe.tcm.banks, default_hw_config().pe.tcm.banks);
  EXPECT_EQ(c.name, "ok.yaml");
}

TEST(LoadConfigText, AnEmptyDocumentIsTheDefaults) {
  EXPECT_EQ(flatten(load_config_text("", "empty.yaml")), flatten(default_hw_config()));
}

TEST(LoadConfigText, MarkersCommentsAndAnExplicitNullAreOneDocument) {
  EXPECT_EQ(load_config_text("---\npe:\n  count: 4\n...\n", "a.yaml").pe.count, 4u);
  EXPECT_EQ(load_config_text("%YAML 1.2\n---\npe:\n  count: 4\n", "a.yaml").pe.count, 4u);
  EXPECT_EQ(flatten(load_config_text("# nothing\n~\n", "a.yaml")), flatten(default_hw_config()));
}

TEST(LoadConfigErrors, ASecondDocumentIsRefused) {
  EXPECT_EQ(load_error("pe:\n  count: 4\n---\npe:\n  count: 8\n"),
            "bad.yaml:3:1: the file holds more than one YAML document (a second one starts "
            "here); expected one");
  EXPECT_EQ(load_error("---\n---\npe:\n  count: 4\n"),
            "bad.yaml:2:1: the file holds more than one YAML document (a second one starts "
            "here); expected one");
  EXPECT_EQ(load_error("pe:\n  count: 4\n...\nx: 1\n"),
            "bad.yaml:4:1: the file holds more than one YAML document (a second one starts "
            "here); expected one");
}

TEST(LoadConfigErrors, TextThatYamlCppReadsAsNothingIsRefused) {
  // Found by fuzz_config_yaml: YAML::LoadAll loops forever on it, and
  // YAML::Load returns an empty document (which meant "all defaults").
  EXPECT_EQ(load_error(",\x9c"
                       "22]\n2]="),
            "bad.yaml: no YAML mapping could be read from the text (it does not parse as YAML); "
            "expected a mapping of parameters (e.g. `pe:` / `  count: 16`)");
}

TEST(LoadConfigErrors, CustomTagsAreRefused) {
  EXPECT_EQ(load_error("pe:\n  count: !big 4\n"),
            "bad.yaml:2:10: the tag `!big` is not supported; expected a plain value");
  EXPECT_EQ(load_config_text("pe:\n  count: !!str 4\n", "a.yaml").pe.count, 4u);
}

TEST(LoadConfigText, ADescriptionKeyIsAccepted) {
  EXPECT_EQ(load_config_text("description: a chip\npe:\n  count: 4\n", "a.yaml").pe.count, 4u);
  EXPECT_EQ(load_error("description:\n  - a\n"),
            "bad.yaml:2:3: description: is a list; expected one line of text");
}

TEST(LoadConfigText, BaseLoadsAPresetFirst) {
  const HwConfig c = load_config_text("base: h200\npe:\n  tcm:\n    size: 100 KiB\n", "mine.yaml");
  EXPECT_EQ(c.pe.count, 132u);
  EXPECT_EQ(c.pe.tcm.size.in_bytes(), 100u * 1024);
  EXPECT_EQ(c.clock.frequency.in_hz(), 1'545'000'000u);
}

// Golden messages: each names file:line:column, the YAML path, the value and
// what was expected.
TEST(LoadConfigErrors, UnknownKeySuggestsTheNearestParameter) {
  EXPECT_EQ(load_error("pe:\n  tcm:\n    sise: 2 MiB\n"),
            "bad.yaml:3:5: unknown key `pe.tcm.sise`; did you mean `pe.tcm.size`?");
  EXPECT_EQ(load_error("pe:\n  frobnicate: 3\n"),
            "bad.yaml:2:3: unknown key `pe.frobnicate`; see `kernbench hw describe` for the "
            "parameters");
  EXPECT_EQ(load_error("hbmm:\n  channels: 4\n"),
            "bad.yaml:1:1: unknown key `hbmm`; see `kernbench hw describe` for the parameters");
}

TEST(LoadConfigErrors, BadValuesSayWhatWasExpected) {
  EXPECT_EQ(load_error("pe:\n  tcm:\n    size: 2 MB/s\n"),
            "bad.yaml:3:11: pe.tcm.size: `2 MB/s` has an unknown unit `MB/s`: expected a byte size "
            "with one of the units B, KB, MB, GB, TB (powers of 1000), KiB, MiB, GiB, TiB (powers "
            "of 1024) (e.g. `256 KiB`)");
  EXPECT_EQ(load_error("clock:\n  frequency: 1000\n"),
            "bad.yaml:2:14: clock.frequency: `1000` has no unit: expected a frequency with one of "
            "the units Hz, kHz, MHz, GHz (e.g. `1.5 GHz`)");
  EXPECT_EQ(load_error("hbm:\n  channels: 0\n"),
            "bad.yaml:2:13: hbm.channels: `0` is out of range: expected an integer (channels) in "
            "[1, 4096]");
  EXPECT_EQ(
      load_error("pe:\n  gemm: {dataflow: rowstationary}\n"),
      "bad.yaml:2:20: pe.gemm.dataflow: `rowstationary` is not one of os, ws, is, throughput");
  EXPECT_EQ(load_error("pe:\n  tcm: 1 MiB\n"),
            "bad.yaml:2:8: pe.tcm: is a value but `pe.tcm` is a group; expected a mapping of its "
            "keys (size, banks, bank_width, ports)");
  EXPECT_EQ(load_error("pe:\n  count:\n"),
            "bad.yaml:2:3: pe.count: is nothing; expected an integer (PEs) in [1, 65536]");
  EXPECT_EQ(load_error("pe:\n  count: 4\n  count: 8\n"),
            "bad.yaml:3:3: pe.count: is set twice in this file; expected each key once");
  EXPECT_EQ(load_error("- 1\n- 2\n"),
            "bad.yaml:1:1: the document is a list; expected a mapping of parameters (e.g. `pe:` "
            "/ `  count: 16`)");
  EXPECT_EQ(load_error("base: no-such-preset\n"),
            "bad.yaml:1:7: base: `no-such-preset` is neither a preset (h200, npu-default) nor an "
            "existing file");
}

TEST(LoadConfigErrors, SyntaxErrorsCarryTheirPosition) {
  EXPECT_EQ(load_error("pe:\n  count: [1, 2\n"),
            "bad.yaml:3:1: YAML syntax error: end of sequence flow not found");
}

TEST(LoadConfigErrors, CrossChecksNameTheLevel) {
  EXPECT_EQ(load_error("pe:\n  tcm: {size: 1000 KiB, banks: 3, bank_width: 16 B}\n"),
            "bad.yaml: pe.tcm: banks x bank_width = 3 x 16 B = 48 B does not divide size 1000 "
            "KiB; expected a size that is a multiple of 48 B");
  EXPECT_EQ(load_error("pe: {count: 16}\nfabric: {mesh: {x: 3, y: 4}}\n"),
            "bad.yaml: fabric.mesh: x * y = 3 * 4 = 12 nodes is fewer than pe.count = 16; "
            "expected at least one mesh node per PE");
  EXPECT_EQ(load_error("pe: {dma: {burst: 48 B}}\n"),
            "bad.yaml: pe.dma.burst: 48 B is not a power of two; expected a power of two (bursts "
            "are aligned to their size)");
  EXPECT_EQ(load_error("hbm: {interleave: 32 B}\n"),
            "bad.yaml: hbm.interleave: 32 B is not a multiple of pe.dma.burst = 64 B; expected a "
            "multiple, so that no burst straddles two channels");
  EXPECT_EQ(load_error("cache: {enabled: true, size: 1000 KiB, line: 128 B, ways: 3}\n"),
            "bad.yaml: cache: size 1000 KiB is not a multiple of line x ways = 128 B x 3 = 384 B; "
            "expected a whole number of sets");
  // A crossbar has no mesh to fit.
  EXPECT_EQ(load_error("pe: {count: 64}\nfabric: {topology: crossbar}\n"), "no error");
}

TEST(LoadConfigFile, ResolvesRelativeBasesAndReportsTheFile) {
  const auto dir = std::filesystem::temp_directory_path() / "kernbench_hw_loader_test";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "parent.yaml") << "base: npu-default\npe:\n  count: 4\n";
  std::ofstream(dir / "child.yaml") << "base: parent.yaml\nfabric:\n  mesh: {x: 2, y: 2}\n";
  std::ofstream(dir / "broken.yaml") << "base: parent.yaml\npe:\n  cont: 2\n";
  std::ofstream(dir / "loop.yaml") << "base: loop.yaml\n";
  const HwConfig c = load_config_file(dir / "child.yaml");
  EXPECT_EQ(c.pe.count, 4u);
  EXPECT_EQ(c.fabric.mesh.x, 2u);
  EXPECT_EQ(c.pe.gemm.rows, 64u);
  const std::string broken = (dir / "broken.yaml").string();
  try {
    load_config_file(dir / "broken.yaml");
    FAIL() << "expected an error";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()),
              broken + ":3:3: unknown key `pe.cont`; did you mean `pe.count`?");
  }
  const std::string loop = (dir / "loop.yaml").string();
  try {
    load_config_file(dir / "loop.yaml");
    FAIL() << "expected an error";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()),
              loop + ": base: cycle " + loop + " -> " + loop +
                  "; expected a chain that ends in a description without base");
  }
  std::filesystem::remove_all(dir);
}

TEST(LoadHw, AcceptsPresetNamesAndRejectsUnknownSpecs) {
  EXPECT_EQ(load_hw("npu-default").name, "npu-default");
  try {
    load_hw("h300");
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(),
                 "unknown hardware `h300`: expected a preset (h200, npu-default) or an existing "
                 "YAML file");
  }
  EXPECT_THROW(load_preset("nope"), ConfigError);
}

TEST(ApplyOverride, SetsOneKeyAndReportsMistakes) {
  HwConfig c = load_preset("npu-default");
  apply_override(c, "pe.tcm.size=2MiB");
  EXPECT_EQ(c.pe.tcm.size.in_bytes(), 2u << 20);
  apply_override(c, " pe.gemm.dataflow = os ");
  EXPECT_EQ(c.pe.gemm.dataflow, Dataflow::output_stationary);
  auto err = [&](std::string_view a) {
    try {
      apply_override(c, a);
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(err("pe.tcm.sise=2MiB"),
            "override `pe.tcm.sise=2MiB`: unknown key `pe.tcm.sise`; did you mean `pe.tcm.size`?");
  EXPECT_EQ(err("pe.count"),
            "override `pe.count`: expected `path=value` (e.g. `pe.tcm.size=2MiB`)");
  EXPECT_EQ(err("pe.count=-3"),
            "override `pe.count=-3`: pe.count: `-3` is not a whole number: expected an integer "
            "(PEs) in [1, 65536]");
}

TEST(ApplyOverrides, CrossChecksAfterTheLastOverride) {
  HwConfig c = load_preset("npu-default");
  const std::vector<std::string> ok{"pe.count=32", "fabric.mesh.x=8"};
  EXPECT_NO_THROW(apply_overrides(c, ok));
  EXPECT_EQ(c.pe.count, 32u);
  const std::vector<std::string> bad{"pe.count=64"};
  try {
    apply_overrides(c, bad);
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(),
                 "npu-default with overrides: fabric.mesh: x * y = 8 * 4 = 32 nodes is fewer than "
                 "pe.count = 64; expected at least one mesh node per PE");
  }
}

}  // namespace
TEST(Presets, NpuDefaultIsTheParameterTable) {
  // The preset file sets no key (docs/adr/0061-npu-default-is-the-table.md):
  // its values are the table's defaults, stated once.
  const YAML::Node root = YAML::Load(std::string(preset_text("npu-default")));
  EXPECT_TRUE(root.IsNull()) << "configs/npu-default.yaml sets keys again";
  EXPECT_EQ(flatten(load_preset("npu-default")), flatten(default_hw_config()));
}

}  // namespace kernbench::hw
