// Register records in host recordings and their replay: `keybench run --record` on an nRF5340 flow
// writes the host's register reads and writes into the keybench-trace/1 stream (named by the model
// where the bench is simulated in the process, unnamed over remote:), and `keybench replay` applies
// the writes to a bench's nRF5340, compares the reads, and takes a changed number of rounds of a
// register poll as a timing class (--poll-tolerance), as it does for NACKed I2C polls.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>

#include "simulator/rtl/rtl_bus.h"
#include "simulator/trace/transaction_trace.h"
#include "tests/flows/cli_runner.h"
#include "tests/flows/flow_fixture.h"
#include "tests/flows/serve_process.h"
#include "tests/scratch_dir.h"

namespace kb::test {
namespace {

using sim::trace::RegisterRecord;
using sim::trace::Trace;
using ::testing::HasSubstr;
using ::testing::Not;

std::string hex_word(uint32_t w) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08X", w);
  return buf;
}

// The trace's text with both kinds of record in index order, as a recording is written.
std::string text_of(const Trace& t) {
  sim::trace::TraceWriter w(t.header);
  size_t i = 0;
  size_t k = 0;
  while (i < t.records.size() || k < t.registers.size()) {
    if (k == t.registers.size() || (i < t.records.size() && t.records[i].index < t.registers[k].index)) {
      w.add(t.records[i++]);
    } else {
      w.add(t.registers[k++]);
    }
  }
  return w.text();
}

// Every record from index `from` on moves by `by` places in the file and by ns in time.
void move_from(Trace& t, uint64_t from, int64_t by, int64_t ns) {
  const auto move = [&](auto& r) {
    if (r.index < from) return;
    r.index = static_cast<uint64_t>(static_cast<int64_t>(r.index) + by);
    r.start_ns = static_cast<uint64_t>(static_cast<int64_t>(r.start_ns) + ns);
    r.end_ns = static_cast<uint64_t>(static_cast<int64_t>(r.end_ns) + ns);
  };
  for (auto& r : t.records) move(r);
  for (auto& r : t.registers) move(r);
}

// A KMU push as the recording has it: the first round of event reads that found no event, the
// number of reads in a round, and the round that found the pushed event.
struct Push {
  size_t waiting = 0;  // into registers
  size_t round = 0;
  size_t answer = 0;
};

std::optional<Push> first_push_that_waited(const Trace& t) {
  const auto& regs = t.registers;
  for (size_t i = 0; i < regs.size(); ++i) {
    if (regs[i].write || regs[i].name != "KMU.EVENTS_KEYSLOT_PUSHED" || regs[i].value != 0) continue;
    for (size_t j = i + 1; j < regs.size() && regs[j].index == regs[j - 1].index + 1 && !regs[j].write; ++j) {
      if (regs[j].address != regs[i].address) continue;
      if (regs[j].value != 0) return Push{i, j - i, j};
      break;
    }
  }
  return std::nullopt;
}

class RegisterReplay : public ScratchDirTest {
 protected:
  Trace recorded(const std::string& flow) {
    const std::string file = path(flow + ".jsonl");
    const CliOutcome run = run_keybench("run " + flow + " --record " + file);
    EXPECT_EQ(run.exit_code, 0) << run.out;
    return sim::trace::load_trace_file(file);
  }
  nlohmann::json replay_json(const std::string& args) {
    const CliOutcome o = run_keybench("replay --json " + args, false);
    last_exit_ = o.exit_code;
    return nlohmann::json::parse(o.out, nullptr, false);
  }
  int last_exit_ = -1;
};

TEST_F(RegisterReplay, ARecordedNrfFlowReplaysWithNoDivergence) {
  for (const std::string flow : {"identity-key-generation", "provisioning-image"}) {
    SCOPED_TRACE(flow);
    const std::string file = path(flow + ".jsonl");
    const CliOutcome run = run_keybench("run " + flow + " --record " + file);
    ASSERT_EQ(run.exit_code, 0) << run.out;
    struct stat st {};
    ASSERT_EQ(::stat(file.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u) << "key words cross the register bus";
    const Trace t = sim::trace::load_trace_file(file);
    EXPECT_EQ(t.header.source, "host");
    EXPECT_EQ(t.header.clock, "virtual");
    EXPECT_THAT(t.header.target, HasSubstr("nrf5340-assembly.json"));
    EXPECT_TRUE(t.records.empty()) << "the bench has no I2C device";
    ASSERT_GT(t.registers.size(), 50u);
    size_t reads = 0;
    for (const RegisterRecord& r : t.registers) {
      EXPECT_FALSE(r.name.empty()) << "the bench is simulated in the process: the model names " << hex_word(r.address);
      EXPECT_EQ(r.status, sim::trace::RegisterStatus::kOk) << r.name;
      if (!r.write) ++reads;
    }
    EXPECT_GT(reads, 10u);

    const nlohmann::json j = replay_json(file);
    EXPECT_EQ(last_exit_, 0) << j.dump();
    EXPECT_EQ(j["result"], "same");
    EXPECT_EQ(j["transactions"], 0);
    EXPECT_EQ(j["register_accesses"], t.registers.size());
    EXPECT_LT(j["steps"].get<size_t>(), t.registers.size()) << "the polls are one step each";
    // The same accesses at the same virtual times: the span repeats exactly.
    EXPECT_EQ(j["replayed_ns"], j["recorded_ns"]);
    EXPECT_GT(j["recorded_ns"].get<uint64_t>(), 0u);

    const CliOutcome line = run_keybench("replay " + file);
    EXPECT_EQ(line.exit_code, 0) << line.out;
    EXPECT_THAT(line.out, HasSubstr("the model answered as recorded: 0 transactions, " +
                                    std::to_string(t.registers.size()) + " register accesses in"));
  }
}

TEST_F(RegisterReplay, TheHostRecordingSeesTheAccessesTheChipSaw) {
  const std::string bus = path("bus.jsonl");
  const std::string host = path("host.jsonl");
  const CliOutcome run = run_keybench("run identity-key-generation --trace " + bus + " --record " + host);
  ASSERT_EQ(run.exit_code, 0) << run.out;
  const Trace b = sim::trace::load_trace_file(bus);
  const Trace h = sim::trace::load_trace_file(host);
  ASSERT_EQ(b.registers.size(), h.registers.size());
  for (size_t i = 0; i < b.registers.size(); ++i) {
    SCOPED_TRACE("register access " + std::to_string(i));
    const RegisterRecord& c = b.registers[i];
    const RegisterRecord& r = h.registers[i];
    EXPECT_EQ(r.index, i);
    EXPECT_EQ(r.write, c.write);
    EXPECT_EQ(r.address, c.address);
    EXPECT_EQ(r.value, c.value);
    EXPECT_EQ(r.name, c.name);
    EXPECT_EQ(r.status, c.status);
    // One virtual clock: the host's call spans the chip's access, an NVMC program's stall included.
    EXPECT_LE(r.start_ns, c.start_ns);
    EXPECT_GE(r.end_ns, c.end_ns);
  }
  // The chip's own view replays as well.
  const nlohmann::json j = replay_json(bus);
  EXPECT_EQ(last_exit_, 0) << j.dump();
  EXPECT_EQ(j["result"], "same");
}

TEST_F(RegisterReplay, ARecordingOverRemoteHasNoNamesAndReplaysOnTheModel) {
  const std::string sock = path("kb.sock");
  ServerProcess server({"--listen", "unix:" + sock, "--bench", fixture_path("nrf5340-assembly.json")});
  ASSERT_FALSE(server.where().empty());
  const std::string file = path("remote.jsonl");
  const CliOutcome run =
      run_keybench("run identity-key-generation --target remote:" + server.where() + " --record " + file);
  ASSERT_EQ(run.exit_code, 0) << run.out;
  const Trace t = sim::trace::load_trace_file(file);
  ASSERT_GT(t.registers.size(), 50u);
  // The chip is in another process: no model here names the registers.
  for (const RegisterRecord& r : t.registers) EXPECT_EQ(r.name, "") << hex_word(r.address);
  EXPECT_THAT(read(file), Not(HasSubstr("\"register\":")));
  EXPECT_EQ(t.header.clock, "virtual");
  // trace show keeps unnamed registers apart by their addresses.
  const CliOutcome shown = run_keybench("trace show " + file);
  EXPECT_EQ(shown.exit_code, 0) << shown.out;
  EXPECT_THAT(shown.out, HasSubstr("0x50039500  write  0x00000000  -"));

  const nlohmann::json j = replay_json(file + " --target sim:" + fixture_path("nrf5340-assembly.json"));
  EXPECT_EQ(last_exit_, 0) << j.dump();
  EXPECT_EQ(j["result"], "same");
  EXPECT_EQ(j["register_accesses"], t.registers.size());
  EXPECT_EQ(j["replayed_ns"], j["recorded_ns"]);
}

TEST_F(RegisterReplay, ADoctoredWordNamesTheExactRecord) {
  Trace t = recorded("identity-key-generation");
  // A word of the key the derivation port gave (after its poll): flip a bit of its recorded value.
  size_t at = 0;
  while (at < t.registers.size() && (t.registers[at].write || t.registers[at].name != "KDF port OUTPUT[2]")) ++at;
  ASSERT_LT(at, t.registers.size()) << "no derivation output read in the recording";
  RegisterRecord& r = t.registers[at];
  const uint32_t was = r.value;
  r.value ^= 0x00000100u;
  const std::string doctored = write("doctored.jsonl", text_of(t));

  const nlohmann::json j = replay_json(doctored);
  EXPECT_EQ(last_exit_, 1) << j.dump();
  EXPECT_EQ(j["result"], "diverged");
  const nlohmann::json& d = j["divergence"];
  EXPECT_EQ(d["kind"], "register");
  EXPECT_EQ(d["record"], "register");
  EXPECT_EQ(d["index"], r.index);
  EXPECT_EQ(d["address"], r.address);
  EXPECT_EQ(d["address_hex"], hex_word(r.address));
  EXPECT_THAT(d["where"].get<std::string>(), HasSubstr(r.name));
  EXPECT_EQ(d["expected"], hex_word(r.value));
  EXPECT_EQ(d["got"], hex_word(was));
  // Everything before it was played.
  EXPECT_EQ(j["register_accesses"], at);

  const CliOutcome line = run_keybench("replay " + doctored);
  EXPECT_EQ(line.exit_code, 1);
  EXPECT_THAT(line.out,
              HasSubstr("DIVERGED at register access " + std::to_string(r.index) + " (read of " + r.name + " at " +
                        hex_word(r.address) + "): expected " + hex_word(r.value) + ", got " + hex_word(was)));
}

TEST_F(RegisterReplay, ARegisterPollTakesThePollTolerance) {
  const Trace original = recorded("identity-key-generation");
  const std::optional<Push> push = first_push_that_waited(original);
  ASSERT_TRUE(push.has_value()) << "no KMU push that polled in the recording";
  const uint64_t first_index = original.registers[push->waiting].index;
  const uint64_t answer_index = original.registers[push->answer].index;
  const uint64_t spacing = original.registers[push->answer].start_ns - original.registers[push->waiting].start_ns;
  const auto round = static_cast<int64_t>(push->round);

  // A chip one round slower than the model: one more round without the event before the answer.
  Trace slow = original;
  move_from(slow, answer_index, round, static_cast<int64_t>(spacing));
  for (size_t j = 0; j < push->round; ++j) {
    RegisterRecord again = original.registers[push->waiting + j];
    again.index = answer_index + j;
    again.start_ns = original.registers[push->answer + j].start_ns;
    again.end_ns = original.registers[push->answer + j].end_ns;
    slow.registers.insert(slow.registers.begin() + static_cast<std::ptrdiff_t>(push->answer + j), again);
  }
  // A chip one round faster: the event there at the first round.
  Trace fast = original;
  fast.registers.erase(fast.registers.begin() + static_cast<std::ptrdiff_t>(push->waiting),
                       fast.registers.begin() + static_cast<std::ptrdiff_t>(push->answer));
  move_from(fast, answer_index, -round, -static_cast<int64_t>(spacing));

  struct Case {
    const char* name;
    const Trace& trace;
    uint64_t polls_recorded;
  };
  for (const Case& c : {Case{"slow", slow, 2}, Case{"fast", fast, 0}}) {
    SCOPED_TRACE(c.name);
    const std::string file = write(std::string(c.name) + ".jsonl", text_of(c.trace));
    // A simulator recording gets no tolerance: the changed wait is the divergence.
    const nlohmann::json strict = replay_json(file);
    EXPECT_EQ(last_exit_, 1) << strict.dump();
    const nlohmann::json& d = strict["divergence"];
    EXPECT_EQ(d["kind"], "timing");
    EXPECT_EQ(d["record"], "register");
    EXPECT_EQ(d["index"], first_index);
    EXPECT_EQ(d["polls_recorded"], c.polls_recorded);
    EXPECT_EQ(d["polls_model"], 1);
    EXPECT_THAT(d["message"].get<std::string>(),
                HasSubstr("register access " + std::to_string(first_index) + " (poll of KMU.EVENTS_KEYSLOT_PUSHED"));

    // Within the tolerance it is a note, and every later access is still compared.
    const nlohmann::json j = replay_json("--poll-tolerance 1 " + file);
    EXPECT_EQ(last_exit_, 0) << j.dump();
    EXPECT_EQ(j["result"], "within tolerance");
    ASSERT_EQ(j["poll_notes"].size(), 1u);
    EXPECT_EQ(j["poll_notes"][0]["index"], first_index);
    EXPECT_EQ(j["poll_notes"][0]["polls_recorded"], c.polls_recorded);
    EXPECT_EQ(j["poll_notes"][0]["polls_model"], 1);
    // The slow chip's extra round is not read: the model answered before it.
    EXPECT_EQ(j["register_accesses"], c.trace.registers.size() - (c.polls_recorded == 2 ? push->round : 0));
  }
  // The unchanged recording needs no tolerance.
  const nlohmann::json same = replay_json(write("same.jsonl", text_of(original)));
  EXPECT_EQ(last_exit_, 0) << same.dump();
  EXPECT_EQ(same["result"], "same");
}

TEST_F(RegisterReplay, ABenchWithoutAnNrfRefusesARecordingWithRegisterRecords) {
  const Trace t = recorded("identity-key-generation");
  const std::string file = path("identity-key-generation.jsonl");
  // The default bench: an STSAFE-A120 only.
  const CliOutcome o = run_keybench("replay " + file + " --target sim");
  EXPECT_EQ(o.exit_code, 1) << o.out;
  EXPECT_THAT(o.out, HasSubstr("no nRF5340 on the bench: the recording holds " + std::to_string(t.registers.size()) +
                               " nRF5340 register accesses (the first is record 0, "));
  EXPECT_THAT(o.out, Not(HasSubstr("answered as recorded")));
  const CliOutcome json = run_keybench("replay --json " + file + " --target sim", false);
  EXPECT_EQ(json.exit_code, 1);
  EXPECT_EQ(json.out, "") << "nothing was played, so there is no result to print";
}

TEST_F(RegisterReplay, ARecordingNamingABusThisBuildDoesNotHaveIsRefused) {
  Trace t = recorded("identity-key-generation");
  t.header.bus = "wire";
  const CliOutcome unknown = run_keybench("replay " + write("wire.jsonl", text_of(t)));
  EXPECT_EQ(unknown.exit_code, 1) << unknown.out;
  EXPECT_THAT(unknown.out, HasSubstr("wire.jsonl line 1: \"bus\" is 'wire', not one of: transaction, rtl"));

  // The RTL bus: played on it where this build has it (register accesses do not cross the bus, so
  // the model answers the same), refused with the reason and the way out where it does not.
  t.header.bus = "rtl";
  const std::string rtl = write("rtl.jsonl", text_of(t));
  const CliOutcome o = run_keybench("replay " + rtl);
  if (sim::rtl::rtl_bus_available()) {
    EXPECT_EQ(o.exit_code, 0) << o.out;
    EXPECT_THAT(o.out, HasSubstr("steps on the rtl bus"));
  } else {
    EXPECT_EQ(o.exit_code, 1) << o.out;
    EXPECT_THAT(o.out, HasSubstr("the recording's bus rtl: "));
    EXPECT_THAT(o.out, HasSubstr("(--bus transaction replays it on the transaction level)"));
  }
  const CliOutcome forced = run_keybench("replay --bus transaction " + rtl);
  EXPECT_EQ(forced.exit_code, 0) << forced.out;
  EXPECT_THAT(forced.out, HasSubstr("steps on the transaction bus"));
}

}  // namespace
}  // namespace kb::test
