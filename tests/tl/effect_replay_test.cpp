// Data effects described for the op log (effect_desc.hpp) and recomputed
// from that description (effect_replay.hpp), without files.

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "data/random.hpp"
#include "hw/config/loader.hpp"
#include "tl/effect_codec.hpp"
#include "tl/effect_replay.hpp"
#include "tl/runner.hpp"

using namespace kernbench;
using namespace kernbench::tl;
using data::DType;
using data::Shape;

namespace {

/// Rebuilds the initial memory of `r` and replays its recorded effects in
/// t_start order; returns the resulting memory.
data::MemoryStore replay_from_descriptions(Runner& r) {
  data::MemoryStore mem;
  for (std::size_t i = 0; i < r.allocations().size(); ++i) {
    const AllocationInfo& a = r.allocations()[i];
    const data::Array* v = r.initial_contents(i);
    EXPECT_NE(v, nullptr) << a.name;
    mem.allocate_at(a.base, static_cast<std::uint64_t>(a.shape.numel()) * data::size_of(a.dtype),
                    a.name);
    mem.upload(a.base, *v);
  }
  r.log().finalize();
  EffectReplayer replayer(mem);
  for (const trace::OpRecord& rec : r.log()) {
    const std::string* e = r.effect_of(rec.id);
    if (e != nullptr) replayer.apply(rec.id, nlohmann::json::parse(*e), "test");
  }
  return mem;
}

}  // namespace

TEST(EffectCodec, Base64RoundTripsEveryLengthAndRefusesBadText) {
  for (std::size_t n = 0; n < 7; ++n) {
    std::vector<std::byte> b;
    for (std::size_t i = 0; i < n; ++i) b.push_back(static_cast<std::byte>(0xF0 + 3 * i));
    EXPECT_EQ(base64_decode(base64_encode(b)), b) << n;
  }
  EXPECT_EQ(base64_encode(std::vector<std::byte>{std::byte{'M'}, std::byte{'a'}}), "TWE=");
  EXPECT_THROW(base64_decode("TW!="), std::runtime_error);
  EXPECT_THROW(base64_decode("TWE"), std::runtime_error);
}

TEST(EffectCodec, ArraysRoundTripAndAWrongSizeNamesTheKey) {
  const data::Array a = data::random_array(Shape{3, 4}, DType::f16, 5, -2, 2);
  EXPECT_TRUE(data::identical(decode_array(encode_array(a), "k"), a));
  nlohmann::json bad = encode_array(a);
  bad["shape"] = {3, 5};
  try {
    (void)decode_array(bad, "effect.in[1].lit");
    FAIL() << "decoded";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()),
              "effect.in[1].lit.b64: holds 24 bytes, expected 30 for f16[3, 5]");
  }
}

TEST(EffectReplay, ReplayingTheDescribedEffectsReproducesALiveSoftmaxLikeKernel) {
  RunOptions opts;
  opts.record_effects = true;
  Runner r(hw::load_preset("npu-default"), opts);
  const std::int64_t rows = 6, cols = 40, block = 64;
  const Ptr x = r.allocate(Shape{rows, cols}, DType::f32, "x");
  const Ptr y = r.allocate(Shape{rows, cols}, DType::f32, "y");
  r.upload(x, data::random_array(Shape{rows, cols}, DType::f32, 3, -4, 4));
  r.launch("softmax", Grid{rows}, [&](Program& tl) {
    auto row = tl.program_id(0);
    auto offs = tl.arange(0, block);
    auto mask = offs < cols;
    auto v = tl.load(x + row * cols + offs, mask, tl.scalar(-INFINITY, DType::f32));
    auto m = tl.max(v, 0);
    auto e = tl.exp(v - m);
    auto s = tl.sum(e, 0);
    tl.store(y + row * cols + offs, e / s, mask);
  });
  data::MemoryStore mem = replay_from_descriptions(r);
  EXPECT_TRUE(data::identical(mem.download(y.addr, Shape{rows, cols}, DType::f32),
                              r.download(y, Shape{rows, cols})));
}

TEST(EffectReplay, AnInputFromARecordNotYetReplayedNamesTheProducer) {
  data::MemoryStore mem;
  EffectReplayer replayer(mem);
  const nlohmann::json e = {{"op", "unary"}, {"fn", "exp"}, {"in", {{{"r", 17}}}}};
  try {
    replayer.apply(3, e, "log.jsonl:9");
    FAIL() << "applied";
  } catch (const UnappliedInputError& err) {
    EXPECT_EQ(err.producer(), 17u);
    EXPECT_EQ(std::string(err.what()),
              "log.jsonl:9: effect.in[0]: reads the value of record 17, which has not run yet");
  }
}

TEST(EffectReplay, AMalformedEffectNamesWhereAndTheKey) {
  data::MemoryStore mem;
  EffectReplayer replayer(mem);
  const nlohmann::json e = {{"op", "binary"}, {"fn", "plus"}, {"in", nlohmann::json::array()}};
  try {
    replayer.apply(0, e, "log.jsonl:4");
    FAIL() << "applied";
  } catch (const std::runtime_error& err) {
    EXPECT_EQ(std::string(err.what()).rfind("log.jsonl:4: effect.fn: `plus` is not a binary op", 0),
              0u)
        << err.what();
  }
}
