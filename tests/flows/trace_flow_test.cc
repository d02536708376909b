// Transaction traces of whole flows: the bench recorder against what the bus itself saw, and the
// CLI's --trace, --record, trace show and replay on the files they write.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "firmware/host_key_provisioning/host_key_provisioning.h"
#include "simulator/trace/bus_trace_recorder.h"
#include "simulator/trace/trace_summary.h"
#include "tests/flows/cli_runner.h"
#include "tests/flows/flow_fixture.h"
#include "tests/scratch_dir.h"

namespace kb::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The bus's own view of every transaction: SDA's bytes after the address, as any device sees them.
struct WireLog final : sim::I2cWireListener {
  struct Seen {
    uint8_t address_byte;
    bool address_acked;
    std::vector<uint8_t> bytes;
    bool stop;
  };
  std::vector<Seen> seen;
  void on_wire(const sim::WireTransaction& t) override {
    seen.push_back({t.address_byte, t.address_acked, {t.data.begin(), t.data.end()}, t.stop});
  }
};

// The model's name of the command a record carries, or "" (records without a reading have none).
std::string command_in(const sim::trace::TraceRecord& t) {
  return t.decoded.is_object() ? t.decoded.value("command", "") : "";
}

core::Status provision(SimRun& r) {
  fw::HostKeyProvisioningOptions o;
  o.address7 = r.target->stsafe_address();
  return fw::run_host_key_provisioning(r.target->platform(), o);
}

TEST(TraceFlow, HostKeyProvisioningRecordsMatchTheBus) {
  SimRun r;
  WireLog wire;
  r.bench().bus().add_wire_listener(&wire);
  sim::trace::BusTraceRecorder recorder(r.bench(),
                                        sim::trace::TraceHeader{"virtual", "bus", "sim", "hkp", "transaction"});
  ASSERT_TRUE(provision(r).ok()) << r.console.text();
  r.bench().bus().remove_wire_listener(&wire);

  const sim::trace::Trace trace = sim::trace::parse_trace(recorder.writer().text(), "hkp trace");
  // The flow never uses a repeated START: one record per bus transaction.
  ASSERT_EQ(trace.records.size(), wire.seen.size());
  ASSERT_GT(trace.records.size(), 10u);
  uint64_t last_end = 0;
  for (size_t i = 0; i < trace.records.size(); ++i) {
    const sim::trace::TraceRecord& t = trace.records[i];
    const WireLog::Seen& w = wire.seen[i];
    SCOPED_TRACE("transaction " + std::to_string(i));
    EXPECT_EQ(t.index, i);
    EXPECT_EQ(t.address7, w.address_byte >> 1);
    EXPECT_EQ(t.direction == sim::trace::Direction::kRead, (w.address_byte & 1) != 0);
    EXPECT_EQ(t.outcome == sim::trace::Outcome::kAddressNack, !w.address_acked);
    if (t.outcome == sim::trace::Outcome::kAck) {
      EXPECT_EQ(t.direction == sim::trace::Direction::kRead ? t.rx : t.tx, w.bytes);
    }
    EXPECT_TRUE(w.stop);
    EXPECT_GE(t.start_ns, last_end);
    EXPECT_GT(t.end_ns, t.start_ns);
    EXPECT_EQ(t.rate_hz, 400000u);
    last_end = t.end_ns;
  }
  EXPECT_LE(last_end, r.bench().scheduler().now());

  // The first frame of the flow is Query product data (fact sheet 1.4: 14 11 FC BE).
  const sim::trace::TraceRecord& first = trace.records[0];
  EXPECT_EQ(first.tx, (std::vector<uint8_t>{0x14, 0x11, 0xFC, 0xBE}));
  EXPECT_EQ(first.decoded["command"], "Query (0x14)");
  EXPECT_EQ(first.decoded["fields"]["tag"], "0x11");

  // The key write, as the model read it, and the read that fetched its answer.
  size_t write_at = trace.records.size();
  for (size_t i = 0; i < trace.records.size(); ++i) {
    if (command_in(trace.records[i]) == "Write Host Key V2 Plaintext (0x1F 0x07)") write_at = i;
  }
  ASSERT_LT(write_at, trace.records.size());
  EXPECT_EQ(trace.records[write_at].decoded["protection"]["c_mac"], false);
  bool answered = false;
  for (size_t i = write_at + 1; i < trace.records.size() && !answered; ++i) {
    const sim::trace::TraceRecord& t = trace.records[i];
    if (t.outcome != sim::trace::Outcome::kAck) continue;
    EXPECT_EQ(t.decoded["answers"], "Write Host Key V2 Plaintext (0x1F 0x07)");
    EXPECT_EQ(t.decoded["response"]["status"], "OK (0x00)");
    answered = true;
  }
  EXPECT_TRUE(answered);

  const std::vector<sim::trace::CommandTiming> timings = sim::trace::command_timings(trace);
  bool found = false;
  for (const auto& t : timings) {
    if (t.command != "Write Host Key V2 Plaintext (0x1F 0x07)") continue;
    found = true;
    EXPECT_EQ(t.count, 1u);
    EXPECT_EQ(t.answered, 1u);
    EXPECT_GT(t.busy_ns, 0u);
    EXPECT_GT(t.round_trip_ns, t.busy_ns);
  }
  EXPECT_TRUE(found);
}

class TraceCli : public ScratchDirTest {};

std::string first_line(const std::string& text) {
  return text.substr(0, text.find('\n'));
}

size_t lines(const std::string& text) {
  return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
}

TEST_F(TraceCli, TraceShowReadsWhatRunWrote) {
  const std::string file = path("hkp.jsonl");
  const CliOutcome run = run_keybench("run host-key-provisioning --trace " + file);
  ASSERT_EQ(run.exit_code, 0) << run.out;
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  // Plaintext keys cross the bus in this flow: the file is private.
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  const std::string text = read(file);
  EXPECT_THAT(first_line(text), HasSubstr("\"format\":\"keybench-trace/1\""));
  EXPECT_THAT(first_line(text), HasSubstr("\"source\":\"bus\""));

  const CliOutcome shown = run_keybench("trace show " + file);
  ASSERT_EQ(shown.exit_code, 0) << shown.out;
  EXPECT_THAT(shown.out, HasSubstr("14 11 fc be"));
  EXPECT_THAT(shown.out, HasSubstr("Query (0x14)"));
  EXPECT_THAT(shown.out, HasSubstr("OK (0x00)"));
  EXPECT_THAT(shown.out, HasSubstr("address NACK"));
  EXPECT_THAT(shown.out, HasSubstr("command timing"));
  EXPECT_THAT(shown.out, HasSubstr("Write Host Key V2 Plaintext (0x1F 0x07)"));

  const CliOutcome json = run_keybench("trace show --json " + file, false);
  ASSERT_EQ(json.exit_code, 0);
  const nlohmann::json j = nlohmann::json::parse(json.out);
  EXPECT_EQ(j["records"].size(), lines(text) - 1);
  EXPECT_EQ(j["header"]["flow"], "host-key-provisioning");
  bool query = false;
  for (const auto& t : j["command_timing"]) {
    if (t["command"] != "Query (0x14)") continue;
    query = true;
    EXPECT_GE(t["count"].get<int>(), 3);  // product data, command authorization twice, control fields
    EXPECT_EQ(t["count"], t["answered"]);
  }
  EXPECT_TRUE(query);
}

TEST_F(TraceCli, BadTraceFilesAreRefusedNamingTheLine) {
  const std::string file = path("hkp.jsonl");
  ASSERT_EQ(run_keybench("run host-key-provisioning --trace " + file).exit_code, 0);
  std::string text = read(file);
  // Break the second line (the first record, the Query frame 14 11 FC BE).
  const size_t first = text.find('\n') + 1;
  text[text.find("\"tx\":\"", first) + 6] = 'x';
  const std::string broken = write("broken.jsonl", text);
  const CliOutcome o = run_keybench("trace show " + broken);
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_THAT(o.out, HasSubstr("broken.jsonl line 2: \"tx\" is not hex at digit 0"));

  const CliOutcome other = run_keybench("trace show " + write("plan.json", "{\"format\":\"keybench-faults/1\"}\n"));
  EXPECT_EQ(other.exit_code, 1);
  EXPECT_THAT(other.out, HasSubstr("plan.json line 1: format is 'keybench-faults/1'"));
  EXPECT_EQ(run_keybench("trace show " + path("missing.jsonl")).exit_code, 1);
  EXPECT_EQ(run_keybench("trace show").exit_code, 2);
}

TEST_F(TraceCli, RecordFromTheHostSeesTheSameTransfersAsTheBus) {
  const std::string bus = path("bus.jsonl");
  const std::string host = path("host.jsonl");
  ASSERT_EQ(run_keybench("run host-key-provisioning --trace " + bus + " --record " + host).exit_code, 0);
  const sim::trace::Trace b = sim::trace::load_trace_file(bus);
  const sim::trace::Trace h = sim::trace::load_trace_file(host);
  EXPECT_EQ(h.header.source, "host");
  EXPECT_EQ(h.header.clock, "virtual");
  ASSERT_EQ(b.records.size(), h.records.size());
  for (size_t i = 0; i < b.records.size(); ++i) {
    SCOPED_TRACE("transaction " + std::to_string(i));
    EXPECT_EQ(b.records[i].tx, h.records[i].tx);
    EXPECT_EQ(b.records[i].rx, h.records[i].rx);
    EXPECT_EQ(b.records[i].outcome, h.records[i].outcome);
    // Same virtual clock: the host's call spans the bus transaction.
    EXPECT_LE(h.records[i].start_ns, b.records[i].start_ns);
    EXPECT_GE(h.records[i].end_ns, b.records[i].end_ns);
    EXPECT_EQ(command_in(b.records[i]), command_in(h.records[i]));
  }
  EXPECT_THAT(run_keybench("run all --trace " + bus).out, HasSubstr("--trace holds one run"));
}

TEST_F(TraceCli, ReplayOfARecordedSessionMatchesTheModel) {
  const std::string host = path("host.jsonl");
  ASSERT_EQ(run_keybench("run host-key-provisioning --record " + host).exit_code, 0);
  const CliOutcome o = run_keybench("replay " + host);
  EXPECT_EQ(o.exit_code, 0) << o.out;
  EXPECT_THAT(o.out, HasSubstr("the model answered as recorded"));
  // The recording names its bench, so replay finds it: an ATECC608A flow (wake pulses at 100 kHz) and a
  // flow on the host secure channel with the chip's and the host's ephemeral keys.
  for (const std::string flow : {"atecc-configure-and-lock", "wrapped-cmac"}) {
    const std::string file = path(flow + ".jsonl");
    ASSERT_EQ(run_keybench("run " + flow + " --record " + file).exit_code, 0) << flow;
    EXPECT_THAT(sim::trace::load_trace_file(file).header.target, HasSubstr("sim"));
    const CliOutcome again = run_keybench("replay " + file);
    EXPECT_EQ(again.exit_code, 0) << flow << ": " << again.out;
  }
  // A bus trace replays as well.
  const std::string bus = path("bus.jsonl");
  ASSERT_EQ(run_keybench("run host-key-provisioning --trace " + bus).exit_code, 0);
  const CliOutcome ob = run_keybench("replay --json " + bus, false);
  EXPECT_EQ(ob.exit_code, 0) << ob.out;
  EXPECT_EQ(nlohmann::json::parse(ob.out)["result"], "same");
}

TEST_F(TraceCli, ReplayOfADoctoredFileNamesTheExactByte) {
  const std::string host = path("host.jsonl");
  ASSERT_EQ(run_keybench("run host-key-provisioning --record " + host).exit_code, 0);
  sim::trace::Trace t = sim::trace::load_trace_file(host);
  // The first long answer (product data): flip a bit of its 7th byte.
  size_t at = 0;
  while (at < t.records.size() && (t.records[at].rx.size() < 8)) ++at;
  ASSERT_LT(at, t.records.size());
  const uint8_t was = t.records[at].rx[6];
  t.records[at].rx[6] = static_cast<uint8_t>(was ^ 0x01);
  sim::trace::TraceWriter w(t.header);
  for (const auto& r : t.records) w.add(r);
  const std::string doctored = write("doctored.jsonl", w.text());

  const CliOutcome o = run_keybench("replay --json " + doctored, false);
  EXPECT_EQ(o.exit_code, 1) << o.out;
  const nlohmann::json j = nlohmann::json::parse(o.out);
  EXPECT_EQ(j["result"], "diverged");
  EXPECT_EQ(j["divergence"]["kind"], "bytes");
  EXPECT_EQ(j["divergence"]["index"], at);
  EXPECT_EQ(j["divergence"]["offset"], 6);
  char expected[8];
  std::snprintf(expected, sizeof expected, "0x%02X", was ^ 0x01);
  char got[8];
  std::snprintf(got, sizeof got, "0x%02X", was);
  EXPECT_EQ(j["divergence"]["expected"], expected);
  EXPECT_EQ(j["divergence"]["got"], got);
  EXPECT_THAT(run_keybench("replay " + doctored).out, HasSubstr("DIVERGED at transaction " + std::to_string(at)));
}

TEST_F(TraceCli, ReplayNamesAChangedNumberOfPolls) {
  const std::string host = path("host.jsonl");
  ASSERT_EQ(run_keybench("run host-key-provisioning --record " + host).exit_code, 0);
  sim::trace::Trace t = sim::trace::load_trace_file(host);
  // The first wait with NACKed polls before its answer.
  size_t first = 0;
  while (first < t.records.size() && !(t.records[first].direction == sim::trace::Direction::kRead &&
                                       t.records[first].outcome == sim::trace::Outcome::kAddressNack)) {
    ++first;
  }
  size_t answer = first;
  while (answer < t.records.size() && t.records[answer].outcome == sim::trace::Outcome::kAddressNack) ++answer;
  ASSERT_LT(answer, t.records.size()) << "no polled wait in the recording";
  ASSERT_GT(answer, first);
  // Doctor it as a faster chip would have answered: at the first poll, with none NACKed.
  sim::trace::TraceRecord fast = t.records[answer];
  fast.start_ns = t.records[first].start_ns;
  fast.end_ns = fast.start_ns + (t.records[answer].end_ns - t.records[answer].start_ns);
  t.records.erase(t.records.begin() + static_cast<std::ptrdiff_t>(first),
                  t.records.begin() + static_cast<std::ptrdiff_t>(answer) + 1);
  t.records.insert(t.records.begin() + static_cast<std::ptrdiff_t>(first), fast);
  sim::trace::TraceWriter w(t.header);
  for (size_t i = 0; i < t.records.size(); ++i) {
    t.records[i].index = i;
    w.add(t.records[i]);
  }
  const CliOutcome o = run_keybench("replay --json " + write("fast-chip.jsonl", w.text()), false);
  EXPECT_EQ(o.exit_code, 1) << o.out;
  const nlohmann::json j = nlohmann::json::parse(o.out);
  EXPECT_EQ(j["divergence"]["kind"], "timing");
  EXPECT_EQ(j["divergence"]["index"], first);
  EXPECT_EQ(j["divergence"]["polls_recorded"], 0);
  EXPECT_GE(j["divergence"]["polls_model"].get<int>(), 1);
  EXPECT_THAT(j["divergence"]["message"].get<std::string>(), HasSubstr("polls until answer: 0 recorded vs"));
}

}  // namespace
}  // namespace kb::test
