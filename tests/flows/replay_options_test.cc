// keybench replay's choices about how to play a recording: the bus level it was made on (the RTL
// bus or the transaction level, or --bus), and how far a wait's number of polls may differ from
// the recording's (--poll-tolerance, with a default for recordings from a board).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <utility>

#include "simulator/rtl/rtl_bus.h"
#include "simulator/trace/transaction_trace.h"
#include "tests/flows/cli_runner.h"
#include "tests/scratch_dir.h"

namespace kb::test {
namespace {

using ::testing::HasSubstr;

class ReplayOptions : public ScratchDirTest {
 protected:
  // A host recording of host-key-provisioning on the default bench.
  sim::trace::Trace recorded() {
    const std::string file = path("hkp.jsonl");
    EXPECT_EQ(run_keybench("run host-key-provisioning --record " + file).exit_code, 0);
    return sim::trace::load_trace_file(file);
  }
  std::string save(const std::string& name, const sim::trace::Trace& t) {
    sim::trace::TraceWriter w(t.header);
    for (const auto& r : t.records) w.add(r);
    return write(name, w.text());
  }
};

using sim::trace::Direction;
using sim::trace::Outcome;

// The first wait with at least `polls` reads the device NACKed before it answered: the index of its
// first NACKed read and of the answering read.
std::pair<size_t, size_t> polled_wait(const sim::trace::Trace& t, size_t polls) {
  for (size_t first = 0; first < t.records.size(); ++first) {
    if (t.records[first].direction != Direction::kRead || t.records[first].outcome != Outcome::kAddressNack) continue;
    size_t answer = first;
    while (answer < t.records.size() && t.records[answer].outcome == Outcome::kAddressNack) ++answer;
    if (answer < t.records.size() && answer - first >= polls) return {first, answer};
    first = answer;
  }
  ADD_FAILURE() << "no wait with " << polls << " polls in the recording";
  return {0, 0};
}

// The recording as a chip `delta` polls slower (delta > 0) or faster (< 0) would have made it:
// NACKed reads added before the answer or taken away, and the answer and everything after it moved
// by as many poll spacings. Returns the changed wait's first record and its recorded polls.
std::pair<size_t, size_t> change_polls(sim::trace::Trace& t, int delta) {
  // One poll more than are taken away, so that the wait keeps a recorded spacing to poll on at.
  const auto [first, answer] = polled_wait(t, static_cast<size_t>(delta < 0 ? -delta : delta) + 1);
  auto& r = t.records;
  const uint64_t spacing = r[answer].start_ns - r[answer - 1].start_ns;
  size_t moved_from = answer;
  if (delta > 0) {
    for (int i = 0; i < delta; ++i) {
      sim::trace::TraceRecord poll = r[answer - 1];
      poll.start_ns += spacing * static_cast<uint64_t>(i + 1);
      poll.end_ns += spacing * static_cast<uint64_t>(i + 1);
      r.insert(r.begin() + static_cast<std::ptrdiff_t>(answer) + i, poll);
    }
    moved_from = answer + static_cast<size_t>(delta);
  } else {
    r.erase(r.begin() + static_cast<std::ptrdiff_t>(answer) + delta, r.begin() + static_cast<std::ptrdiff_t>(answer));
    moved_from = answer - static_cast<size_t>(-delta);
  }
  for (size_t i = moved_from; i < r.size(); ++i) {
    const uint64_t by = spacing * static_cast<uint64_t>(delta > 0 ? delta : -delta);
    r[i].start_ns = delta > 0 ? r[i].start_ns + by : r[i].start_ns - by;
    r[i].end_ns = delta > 0 ? r[i].end_ns + by : r[i].end_ns - by;
  }
  for (size_t i = 0; i < r.size(); ++i) r[i].index = i;
  return {first, static_cast<size_t>(static_cast<int>(answer - first) + delta)};
}

// What an i2c: recording's header says: the host's clock, a board's target, no simulated bus.
void as_from_a_board(sim::trace::Trace& t) {
  t.header.clock = "host";
  t.header.target = "i2c:/dev/i2c-1";
  t.header.bus.clear();
}

TEST_F(ReplayOptions, ARecordingMadeOnTheRtlBusReplaysOnTheRtlBus) {
  if (!sim::rtl::rtl_bus_available()) GTEST_SKIP() << "built without Verilator";
  const std::string rtl = path("rtl.jsonl");
  const CliOutcome run = run_keybench("run host-key-provisioning --bus rtl --record " + rtl);
  ASSERT_EQ(run.exit_code, 0) << run.out;
  EXPECT_EQ(sim::trace::load_trace_file(rtl).header.bus, "rtl");

  const CliOutcome o = run_keybench("replay --json " + rtl, false);
  EXPECT_EQ(o.exit_code, 0) << o.out;
  const nlohmann::json j = nlohmann::json::parse(o.out);
  EXPECT_EQ(j["result"], "same");
  EXPECT_EQ(j["bus"], "rtl");
  EXPECT_GT(j["transactions"].get<int>(), 10);
  // Virtual time repeats exactly on the level it was recorded on.
  EXPECT_EQ(j["replayed_ns"], j["recorded_ns"]);
  EXPECT_THAT(run_keybench("replay " + rtl).out, HasSubstr("steps on the rtl bus"));

  // --bus overrides the recording's level; the transaction level charges START and STOP one
  // bit-time each, so the same transfers take another time.
  const CliOutcome forced = run_keybench("replay --json --bus transaction " + rtl, false);
  const nlohmann::json f = nlohmann::json::parse(forced.out);
  EXPECT_EQ(f["bus"], "transaction") << forced.out;
  EXPECT_NE(f.value("replayed_ns", uint64_t{0}), j["replayed_ns"].get<uint64_t>()) << forced.out;
}

TEST_F(ReplayOptions, ATransactionLevelRecordingStaysThereUnlessTold) {
  const std::string file = path("hkp.jsonl");
  ASSERT_EQ(run_keybench("run host-key-provisioning --record " + file).exit_code, 0);
  EXPECT_EQ(sim::trace::load_trace_file(file).header.bus, "transaction");
  const CliOutcome o = run_keybench("replay --json " + file, false);
  EXPECT_EQ(o.exit_code, 0) << o.out;
  EXPECT_EQ(nlohmann::json::parse(o.out)["bus"], "transaction");
  if (sim::rtl::rtl_bus_available()) {
    const CliOutcome rtl = run_keybench("replay --json --bus rtl " + file, false);
    EXPECT_EQ(nlohmann::json::parse(rtl.out)["bus"], "rtl") << rtl.out;
  }
  const CliOutcome bad = run_keybench("replay --bus wire " + file);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.out, HasSubstr("--bus: 'wire' is not a bus level (transaction, rtl)"));
}

TEST_F(ReplayOptions, APollDifferenceWithinTheToleranceIsANote) {
  for (const int delta : {1, -1}) {
    SCOPED_TRACE("chip " + std::to_string(delta) + " polls off the model");
    sim::trace::Trace t = recorded();
    const auto [index, polls] = change_polls(t, delta);
    const std::string file = save("off-by-" + std::to_string(delta) + ".jsonl", t);

    // No tolerance on a simulator recording: the wait is a divergence, as before.
    const CliOutcome strict = run_keybench("replay --json " + file, false);
    EXPECT_EQ(strict.exit_code, 1) << strict.out;
    EXPECT_EQ(nlohmann::json::parse(strict.out)["divergence"]["kind"], "timing");

    const CliOutcome o = run_keybench("replay --json --poll-tolerance 1 " + file, false);
    EXPECT_EQ(o.exit_code, 0) << o.out;
    const nlohmann::json j = nlohmann::json::parse(o.out);
    EXPECT_EQ(j["result"], "within tolerance");
    EXPECT_EQ(j["poll_tolerance"], 1);
    EXPECT_FALSE(j.contains("divergence"));
    ASSERT_EQ(j["poll_notes"].size(), 1u);
    EXPECT_EQ(j["poll_notes"][0]["index"], index);
    EXPECT_EQ(j["poll_notes"][0]["polls_recorded"], polls);
    EXPECT_EQ(j["poll_notes"][0]["polls_model"], static_cast<int>(polls) - delta);
    // Every transaction after the wait was still compared: as many as in the file, less the polls
    // the model did not need.
    EXPECT_EQ(j["transactions"], t.records.size() - (delta > 0 ? 1 : 0));

    const CliOutcome line = run_keybench("replay --poll-tolerance 1 " + file);
    EXPECT_EQ(line.exit_code, 0);
    EXPECT_THAT(line.out, HasSubstr("note: transaction " + std::to_string(index)));
    EXPECT_THAT(line.out, HasSubstr("(within the poll tolerance of 1)"));
    EXPECT_THAT(line.out, HasSubstr("but for 1 wait(s) within the poll tolerance of 1"));
  }
}

TEST_F(ReplayOptions, APollDifferenceBeyondTheToleranceDiverges) {
  sim::trace::Trace t = recorded();
  const auto [index, polls] = change_polls(t, -2);
  const CliOutcome o = run_keybench("replay --json --poll-tolerance 1 " + save("fast.jsonl", t), false);
  EXPECT_EQ(o.exit_code, 1) << o.out;
  const nlohmann::json j = nlohmann::json::parse(o.out);
  EXPECT_EQ(j["result"], "diverged");
  EXPECT_EQ(j["divergence"]["kind"], "timing");
  EXPECT_EQ(j["divergence"]["index"], index);
  EXPECT_EQ(j["divergence"]["polls_recorded"], polls);
  EXPECT_EQ(j["divergence"]["polls_model"], polls + 2);
  EXPECT_THAT(j["divergence"]["message"].get<std::string>(), HasSubstr("(beyond the poll tolerance of 1)"));
}

TEST_F(ReplayOptions, ABoardRecordingGetsTheBoardToleranceByDefault) {
  sim::trace::Trace t = recorded();
  change_polls(t, -2);
  as_from_a_board(t);
  const std::string board = save("board.jsonl", t);
  const CliOutcome o = run_keybench("replay --json " + board, false);
  EXPECT_EQ(o.exit_code, 0) << o.out;
  const nlohmann::json j = nlohmann::json::parse(o.out);
  EXPECT_EQ(j["poll_tolerance"], 2);
  EXPECT_EQ(j["result"], "within tolerance");
  EXPECT_EQ(j["poll_notes"].size(), 1u);
  // A board's recording names no simulated bus: the default bench's own is used.
  EXPECT_EQ(j["bus"], "transaction");
  // --poll-tolerance overrides the default, either way.
  EXPECT_EQ(run_keybench("replay --poll-tolerance 0 " + board).exit_code, 1);
  EXPECT_EQ(run_keybench("replay --poll-tolerance 1 " + board).exit_code, 1);

  sim::trace::Trace far = recorded();
  change_polls(far, -3);
  as_from_a_board(far);
  const CliOutcome beyond = run_keybench("replay --json " + save("board-far.jsonl", far), false);
  EXPECT_EQ(beyond.exit_code, 1) << beyond.out;
  EXPECT_EQ(nlohmann::json::parse(beyond.out)["divergence"]["kind"], "timing");
}

TEST_F(ReplayOptions, BadPollTolerancesAreUsageErrorsNamingTheFlag) {
  const std::string file = save("hkp-copy.jsonl", recorded());
  for (const std::string bad : {"-1", "x", "1.5", "''", "10001", "99999999999999999999", "' 1'", "0x2"}) {
    SCOPED_TRACE(bad);
    const CliOutcome o = run_keybench("replay --poll-tolerance=" + bad + " " + file);
    EXPECT_EQ(o.exit_code, 2) << o.out;
    EXPECT_THAT(o.out, HasSubstr("--poll-tolerance"));
  }
  const CliOutcome missing = run_keybench("replay " + file + " --poll-tolerance");
  EXPECT_EQ(missing.exit_code, 2) << missing.out;
  EXPECT_THAT(missing.out, HasSubstr("poll-tolerance"));
  EXPECT_EQ(run_keybench("replay --poll-tolerance 10000 " + file).exit_code, 0);
}

}  // namespace
}  // namespace kb::test
