// The fault injector on a default bench (an STSAFE-A120 at 0x20), driven at the bus level the way
// STSELib drives the chip: one write per frame, NACK-polled reads (fact sheet 1.5).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "simulator/bench/bench.h"
#include "simulator/fault/fault_injector.h"
#include "simulator/fault/fault_plan.h"
#include "simulator/stsafe_a120/stsafe.h"
#include "tests/unit/simulator/stsafe_a120/stsafe_harness.h"

namespace kb::sim::fault {
namespace {

using stsafe_a120::Stsafe;
using stsafe_a120::test_support::error_frame;
using stsafe_a120::test_support::frame;
using stsafe_a120::test_support::response_frame;

constexpr uint8_t kSe = 0x20;

// Echo (fact sheet 2.1 code 0x00) answers its payload: frame 00 01 02 -> 00 | L=4 | 01 02 | CRC.
const std::vector<uint8_t> kEcho = frame("00 01 02");
const std::vector<uint8_t> kEchoAnswer = response_frame(0x00, {0x01, 0x02});
// Write Host Key V2 Plaintext, AES-128: accepted on a factory chip; rewrites the host key banks.
const std::vector<uint8_t> kHostKeyWrite = frame("1F 07 00 00 00 00" + std::string(64, 'E'));

FaultPlan plan(const std::string& faults_json, uint64_t seed = 0) {
  nlohmann::json j = {{"format", "keybench-faults/1"}, {"seed", seed}, {"faults", nlohmann::json::parse(faults_json)}};
  return parse_fault_plan(j, "test.json");
}

struct Rig {
  std::unique_ptr<Bench> bench = Bench::make_default();
  Stsafe& chip = *bench->first<Stsafe>();

  BusOutcome write(const std::vector<uint8_t>& bytes) { return bench->bus().write(kSe, bytes); }
  BusOutcome read(std::vector<uint8_t>& out) { return bench->bus().read(kSe, out); }
  // Polls (1 ms apart, at most 1 s) for the 5-byte peek, then reads header + L + payload + CRC.
  std::vector<uint8_t> read_response(BusOutcome* last = nullptr) {
    std::vector<uint8_t> peek(5);
    BusOutcome o = BusOutcome::kAddressNack;
    for (int tries = 0; tries < 1000 && (o = read(peek)) == BusOutcome::kAddressNack; ++tries) {
      bench->scheduler().advance_by(kMillisecond);
    }
    if (last != nullptr) *last = o;
    if (o != BusOutcome::kAck) return {};
    std::vector<uint8_t> all(static_cast<size_t>(peek[1] << 8 | peek[2]) + 3);
    o = read(all);
    if (last != nullptr) *last = o;
    return all;
  }
  std::vector<uint8_t> transact(const std::vector<uint8_t>& wire) {
    if (write(wire) != BusOutcome::kAck) return {};
    return read_response();
  }
  const std::vector<FaultRecord>& records() { return bench->faults()->records(); }
};

TEST(FaultInjector, AddressNackOnTheKthTransaction) {
  Rig r;
  r.bench->install_fault_plan(plan(R"([{"when": {"bus_transaction": 1}, "do": {"action": "address_nack"}}])"));
  EXPECT_EQ(r.write(kEcho), BusOutcome::kAck);  // transaction 0
  r.bench->scheduler().advance_by(10 * kMillisecond);
  std::vector<uint8_t> peek(5);
  EXPECT_EQ(r.read(peek), BusOutcome::kAddressNack) << "transaction 1: the chip has an answer, the fault hides it";
  EXPECT_EQ(r.read(peek), BusOutcome::kAck) << "one fault, once";
  ASSERT_EQ(r.records().size(), 1u);
  const FaultRecord& f = r.records()[0];
  EXPECT_EQ(f.index, 0u);
  EXPECT_EQ(f.fault, 0u);
  EXPECT_EQ(f.trigger, "bus transaction 1");
  EXPECT_EQ(f.action, "address_nack");
  EXPECT_EQ(f.device, "stsafe");
  EXPECT_EQ(f.detail, "address 0x20 read not acknowledged");
  EXPECT_GT(f.time_ns, 10 * kMillisecond);
}

TEST(FaultInjector, AnArmedActionWaitsForATransactionItFits) {
  Rig r;
  // Fires on transaction 0 (a write) but acts on reads only: the first read the chip acknowledges.
  r.bench->install_fault_plan(plan(
      R"([{"when": {"bus_transaction": 0}, "do": {"action": "flip_bits", "on": "read", "byte": 3, "mask": "0x80"}}])"));
  std::vector<uint8_t> got = r.transact(kEcho);
  std::vector<uint8_t> expected = kEchoAnswer;
  ASSERT_EQ(got.size(), expected.size());
  // The peek read (5 bytes) took the flip; the second read is clean.
  EXPECT_EQ(got, expected);
  ASSERT_EQ(r.records().size(), 1u);
  const FaultRecord& f = r.records()[0];
  EXPECT_EQ(f.detail, "read byte 3: 0x01 -> 0x81");
  EXPECT_EQ(f.before, std::vector<uint8_t>(kEchoAnswer.begin(), kEchoAnswer.begin() + 5));
  std::vector<uint8_t> after = f.before;
  after[3] ^= 0x80;
  EXPECT_EQ(f.after, after);
}

TEST(FaultInjector, FlippedCommandBitFailsTheChipsCrcCheck) {
  Rig r;
  r.bench->install_fault_plan(
      plan(R"([{"when": {"command": 0}, "do": {"action": "flip_bits", "on": "write", "byte": 1}}])"));
  // A frame with a bad CRC is answered with status 0x01, COMMUNICATION_ERROR (fact sheet 1.4).
  EXPECT_EQ(r.transact(kEcho), error_frame(0x01));
  ASSERT_EQ(r.records().size(), 1u);
  EXPECT_EQ(r.records()[0].trigger, "command 0x00 #1");
  EXPECT_EQ(r.records()[0].detail, "written byte 1: 0x01 -> 0x00");
}

TEST(FaultInjector, DataNackOnAWriteKeepsTheFrameFromTheChip) {
  Rig r;
  r.bench->install_fault_plan(
      plan(R"([{"when": {"bus_transaction": 0}, "do": {"action": "data_nack", "on": "write", "byte": 2}}])"));
  EXPECT_EQ(r.write(kEcho), BusOutcome::kDataNack);
  EXPECT_FALSE(r.chip.busy());
  EXPECT_EQ(r.chip.commands_executed(), 0u);
  EXPECT_EQ(r.records()[0].detail, "write NACKed at byte 2 of 5; the target gets none of it");
  EXPECT_EQ(r.transact(kEcho), kEchoAnswer) << "the retry goes through";
}

TEST(FaultInjector, DataNackOnAReadFailsIt) {
  Rig r;
  r.bench->install_fault_plan(plan(R"([{"when": {"command": 0}, "do": {"action": "data_nack", "on": "read"}}])"));
  ASSERT_EQ(r.write(kEcho), BusOutcome::kAck);
  BusOutcome last = BusOutcome::kAck;
  r.read_response(&last);
  EXPECT_EQ(last, BusOutcome::kDataNack);
}

TEST(FaultInjector, TruncatedResponseReadsAsReleasedLine) {
  Rig r;
  r.bench->install_fault_plan(
      plan(R"([{"when": {"bus_transaction": 2}, "do": {"action": "truncate_response", "length": 3}}])"));
  ASSERT_EQ(r.write(kEcho), BusOutcome::kAck);  // 0
  r.bench->scheduler().advance_by(10 * kMillisecond);
  std::vector<uint8_t> peek(5);
  ASSERT_EQ(r.read(peek), BusOutcome::kAck);  // 1
  std::vector<uint8_t> all(kEchoAnswer.size());
  ASSERT_EQ(r.read(all), BusOutcome::kAck);  // 2
  std::vector<uint8_t> expected = kEchoAnswer;
  std::fill(expected.begin() + 3, expected.end(), 0xFF);
  EXPECT_EQ(all, expected);
  EXPECT_EQ(r.records()[0].detail, "read delivers 3 of 7 bytes, then released-line 0xFF");
}

TEST(FaultInjector, DroppedResponseNacksUntilTheNextCommand) {
  Rig r;
  r.bench->install_fault_plan(plan(R"([{"when": {"command": 0}, "do": {"action": "drop_response"}}])"));
  ASSERT_EQ(r.write(kEcho), BusOutcome::kAck);
  BusOutcome last = BusOutcome::kAck;
  EXPECT_TRUE(r.read_response(&last).empty());
  EXPECT_EQ(last, BusOutcome::kAddressNack);
  EXPECT_TRUE(r.chip.has_response()) << "the chip has it; the host never sees it";
  EXPECT_EQ(r.transact(kEcho), kEchoAnswer) << "a new command clears the drop";
  EXPECT_EQ(r.records().size(), 1u);
}

TEST(FaultInjector, ClockStretchWithinTheTimeoutOnlyCostsTime) {
  Rig r;
  r.bench->install_fault_plan(
      plan(R"([{"when": {"bus_transaction": 0}, "do": {"action": "clock_stretch", "stretch_ns": 2000000}}])"));
  const Nanoseconds before = r.bench->scheduler().now();
  EXPECT_EQ(r.write(kEcho), BusOutcome::kAck);
  // START + 6 bytes * 9 bits + STOP at 400 kHz (2500 ns per bit), plus the stretch.
  EXPECT_EQ(r.bench->scheduler().now() - before, 2000000u + 56u * 2500u);
  EXPECT_EQ(r.records()[0].detail, "SCL held 2000000 ns on a write, within the 25000000 ns bus timeout");
}

TEST(FaultInjector, ClockStretchPastTheTimeoutTimesOut) {
  Rig r;
  r.bench->install_fault_plan(
      plan(R"([{"when": {"bus_transaction": 0}, "do": {"action": "clock_stretch", "stretch_ns": 40000000}}])"));
  const Nanoseconds before = r.bench->scheduler().now();
  EXPECT_EQ(r.write(kEcho), BusOutcome::kTimeout);
  // START + address byte + STOP, then the host gives up after its timeout.
  EXPECT_EQ(r.bench->scheduler().now() - before, 25000000u + 11u * 2500u);
  EXPECT_FALSE(r.chip.busy()) << "the frame never reached the chip";
}

TEST(FaultInjector, ForcedStatusAnswersInsteadOfTheCommand) {
  Rig r;
  r.bench->install_fault_plan(
      plan(R"([{"when": {"command": "0x1F", "ext": 7}, "do": {"action": "force_status", "status": "0x11"}}])"));
  const auto key_before = r.chip.state().host_key;
  EXPECT_EQ(r.transact(kHostKeyWrite), error_frame(0x11));
  EXPECT_EQ(r.chip.state().host_key, key_before) << "forced answer: the command did not run";
  EXPECT_EQ(r.records()[0].trigger, "command 0x1F 0x07 #1");
  EXPECT_EQ(r.transact(kHostKeyWrite), response_frame(0x00, {})) << "the next one runs";
}

TEST(FaultInjector, TheNthOccurrenceOfACommand) {
  Rig r;
  r.bench->install_fault_plan(
      plan(R"([{"when": {"command": 0, "occurrence": 3}, "do": {"action": "force_status", "status": 1}}])"));
  EXPECT_EQ(r.transact(kEcho), kEchoAnswer);
  EXPECT_EQ(r.transact(kEcho), kEchoAnswer);
  EXPECT_EQ(r.transact(kEcho), error_frame(0x01));
  EXPECT_EQ(r.transact(kEcho), kEchoAnswer);
}

TEST(FaultInjector, PowerCutOnAnNvmWriteTearsItAndSaysWhere) {
  Rig r;
  const auto key_before = r.chip.state().host_key;
  r.bench->install_fault_plan(plan(
      R"([{"when": {"nvm_write": 3, "device": "stsafe"}, "do": {"action": "power_cut", "restore_after_ns": 5000000}}])"));
  ASSERT_EQ(r.write(kHostKeyWrite), BusOutcome::kAck);
  r.bench->scheduler().advance_by(600 * kMillisecond);
  ASSERT_EQ(r.records().size(), 1u);
  const FaultRecord& f = r.records()[0];
  EXPECT_EQ(f.trigger, "NVM write 3 on stsafe (word at 0x0060)");
  EXPECT_EQ(f.where, "Write Host Key V2 Plaintext (0x1F 0x07) / host key bank B");
  EXPECT_EQ(f.detail, "supply off; the NVM write in progress is torn; back on after 5000000 ns");
  EXPECT_TRUE(r.bench->powered()) << "restored 5 ms later";
  EXPECT_FALSE(r.chip.has_response());
  EXPECT_EQ(r.chip.state().host_key, key_before) << "torn before the commit word: the old key";
}

TEST(FaultInjector, PowerCutWithoutRestoreStaysOff) {
  Rig r;
  r.bench->install_fault_plan(plan(R"([{"when": {"bus_transaction": 1}, "do": {"action": "power_cut"}}])"));
  ASSERT_EQ(r.write(kEcho), BusOutcome::kAck);
  std::vector<uint8_t> peek(5);
  EXPECT_EQ(r.read(peek), BusOutcome::kAddressNack);
  EXPECT_FALSE(r.bench->powered());
  EXPECT_FALSE(r.chip.busy()) << "the command died with the supply";
  EXPECT_EQ(r.records()[0].where, "stsafe: Echo (0x00)");
}

TEST(FaultInjector, BrownOutTearsTheWriteAndResetsOnlyTheDevice) {
  Rig r;
  const auto key_before = r.chip.state().host_key;
  r.bench->install_fault_plan(plan(R"([{"when": {"nvm_write": 10}, "do": {"action": "brown_out"}}])"));
  ASSERT_EQ(r.write(kHostKeyWrite), BusOutcome::kAck);
  r.bench->scheduler().advance_by(600 * kMillisecond);
  EXPECT_TRUE(r.bench->powered()) << "a brown-out is no supply cut";
  EXPECT_TRUE(r.chip.nvm().power_cut_fired());
  EXPECT_EQ(r.chip.state().host_key, key_before);
  EXPECT_EQ(r.records()[0].detail, "every device resets; the NVM write in progress is torn");
  EXPECT_EQ(r.transact(kEcho), kEchoAnswer) << "the chip works on after its reset";
}

TEST(FaultInjector, TimeTriggerFiresAtItsVirtualTime) {
  Rig r;
  r.bench->install_fault_plan(
      plan(R"([{"when": {"time_ns": 7000000}, "do": {"action": "brown_out", "device": "stsafe"}}])"));
  ASSERT_EQ(r.write(kHostKeyWrite), BusOutcome::kAck);  // busy for 500 ms
  r.bench->scheduler().advance_by(600 * kMillisecond);
  ASSERT_EQ(r.records().size(), 1u);
  EXPECT_EQ(r.records()[0].time_ns, 7000000u);
  EXPECT_EQ(r.records()[0].where, "Write Host Key V2 Plaintext (0x1F 0x07)");
  EXPECT_FALSE(r.chip.has_response()) << "reset mid-command: no answer";
}

TEST(FaultInjector, ProbabilityOneFiresEveryTimeUpToItsLimit) {
  Rig r;
  r.bench->install_fault_plan(
      plan(R"([{"when": {"probability": 1, "limit": 2}, "do": {"action": "address_nack", "on": "write"}}])"));
  EXPECT_EQ(r.write(kEcho), BusOutcome::kAddressNack);
  EXPECT_EQ(r.write(kEcho), BusOutcome::kAddressNack);
  EXPECT_EQ(r.write(kEcho), BusOutcome::kAck);
  EXPECT_EQ(r.records().size(), 2u);
}

std::vector<std::string> noisy_run(uint64_t seed) {
  Rig r;
  r.bench->install_fault_plan(plan(
      R"([{"when": {"probability": 0.3}, "do": {"action": "address_nack"}},
          {"when": {"probability": 0.2}, "do": {"action": "flip_bits", "on": "read", "byte": 0}}])",
      seed));
  for (int i = 0; i < 20; ++i) r.transact(kEcho);
  std::vector<std::string> lines;
  for (const FaultRecord& f : r.records()) lines.push_back(describe(f));
  return lines;
}

TEST(FaultInjector, SameSeedSameFaults) {
  const auto a = noisy_run(5);
  EXPECT_FALSE(a.empty());
  EXPECT_EQ(noisy_run(5), a);
  EXPECT_NE(noisy_run(6), a) << "another seed, other draws";
}

TEST(FaultInjector, APlanNamingAMissingDeviceIsRefusedAndTheOldPlanStays) {
  Rig r;
  r.bench->install_fault_plan(plan(R"([{"when": {"bus_transaction": 0}, "do": {"action": "address_nack"}}])"));
  try {
    r.bench->install_fault_plan(
        plan(R"([{"when": {"nvm_write": 0, "device": "se2"}, "do": {"action": "power_cut"}}])"));
    FAIL() << "accepted";
  } catch (const FixtureError& e) {
    EXPECT_EQ(e.file(), "test.json");
    EXPECT_EQ(e.path(), "$.faults[0].when.device");
    EXPECT_EQ(e.problem(), "no device \"se2\" on the bench (stsafe)");
  }
  EXPECT_EQ(r.write(kEcho), BusOutcome::kAddressNack) << "the first plan is still in force";
}

TEST(FaultInjector, AnStsafeFaultOnABenchWithoutOneIsReportedWhereThePlanSaysIt) {
  // The plan names no device, so the error points at what it does say: the trigger or the action.
  auto nrf = Bench::from_json(nlohmann::json::parse(R"({"devices": [{"name": "soc", "type": "nrf5340"}]})"), "nrf");
  struct Case {
    const char* faults;
    const char* path;
  } cases[] = {
      {R"([{"when": {"command": "0x14"}, "do": {"action": "drop_response"}}])", "$.faults[0].when.command"},
      {R"([{"when": {"bus_transaction": 0}, "do": {"action": "force_status", "status": "0x11"}}])",
       "$.faults[0].do.action"},
  };
  for (const Case& k : cases) {
    try {
      nrf->install_fault_plan(plan(k.faults));
      FAIL() << k.faults << " accepted";
    } catch (const FixtureError& e) {
      EXPECT_EQ(e.path(), k.path);
      EXPECT_EQ(e.problem(), "needs an stsafe-a120 and the bench has none (devices: soc)");
    }
  }
}

TEST(FaultInjector, ClearingThePlanUnhooks) {
  Rig r;
  r.bench->install_fault_plan(plan(R"([{"when": {"probability": 1}, "do": {"action": "address_nack"}}])"));
  EXPECT_EQ(r.write(kEcho), BusOutcome::kAddressNack);
  r.bench->clear_fault_plan();
  EXPECT_EQ(r.bench->faults(), nullptr);
  EXPECT_EQ(r.transact(kEcho), kEchoAnswer);
}

}  // namespace
}  // namespace kb::sim::fault
