// Register accesses in traces: the identity key generation flow on the simulated nRF5340 leaves one
// register record per read32/write32 in the keybench-trace/1 stream, named by the model, and
// `keybench trace show` prints them and `keybench replay` plays them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>

#include "firmware/identity_key_generation/identity_key_generation.h"
#include "simulator/nrf/nrf5340_map.h"
#include "simulator/trace/bus_trace_recorder.h"
#include "tests/flows/cli_runner.h"
#include "tests/flows/nrf_flow_support.h"
#include "tests/scratch_dir.h"

namespace kb::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(NrfTraceFlow, IdentityKeyGenerationRecordsEveryRegisterAccess) {
  SimRun r("nrf5340-assembly.json");
  auto& chip = nrf_chip(r);
  const uint64_t programmed_before = chip.nvmc_words_programmed();
  sim::trace::BusTraceRecorder recorder(r.bench(),
                                        sim::trace::TraceHeader{"virtual", "bus", "sim", "ikg", "transaction"});
  ASSERT_TRUE(fw::run_identity_key_generation(r.target->platform(), {}).ok()) << r.console.text();

  const sim::trace::Trace trace = sim::trace::parse_trace(recorder.writer().text(), "ikg trace");
  EXPECT_TRUE(trace.records.empty()) << "the bench has no I2C device";
  ASSERT_GT(trace.registers.size(), 50u);
  uint64_t last_end = 0;
  uint64_t stalled_writes = 0;
  for (size_t i = 0; i < trace.registers.size(); ++i) {
    const sim::trace::RegisterRecord& a = trace.registers[i];
    SCOPED_TRACE("record " + std::to_string(i));
    EXPECT_EQ(a.index, i);
    EXPECT_GE(a.start_ns, last_end) << "in virtual time order";
    last_end = a.end_ns;
    EXPECT_EQ(a.status, sim::trace::RegisterStatus::kOk);
    EXPECT_NE(a.name, "unmapped");
    if (a.end_ns - a.start_ns == sim::nrf::kWordProgramNs) ++stalled_writes;
    EXPECT_TRUE(a.end_ns == a.start_ns || a.write) << "only NVMC programs stall the CPU";
  }
  // Each word the NVMC programmed stalled its write for tWRITE.
  EXPECT_EQ(stalled_writes, chip.nvmc_words_programmed() - programmed_before);

  // What the model ended with is what the trace says was written there.
  const auto last_write_to = [&trace](uint32_t address) {
    const sim::trace::RegisterRecord* last = nullptr;
    for (const auto& a : trace.registers) {
      if (a.write && a.address == address) last = &a;
    }
    return last;
  };
  const sim::trace::RegisterRecord* lifecycle = last_write_to(sim::nrf::kUicrBase + sim::nrf::kBlStorageOffset);
  ASSERT_NE(lifecycle, nullptr);
  EXPECT_EQ(lifecycle->name, "UICR BL_STORAGE lifecycle word 0");
  EXPECT_EQ(lifecycle->value, chip.uicr_word(sim::nrf::kBlStorageOffset));
  const sim::trace::RegisterRecord* perm = last_write_to(sim::nrf::kUicrBase + sim::nrf::perm_offset(6));
  ASSERT_NE(perm, nullptr);
  EXPECT_EQ(perm->name, "UICR KMU slot 6 PERM, identity key");
  EXPECT_EQ(perm->value, 0xFFFFFFFAu);
  // Every KMU procedure ends by selecting slot 0 (fact sheet §2.2).
  const sim::trace::RegisterRecord* select = last_write_to(sim::nrf::kKmuNvmcBase + sim::nrf::kKmuSelectKeyslot);
  ASSERT_NE(select, nullptr);
  EXPECT_EQ(select->name, "KMU.SELECTKEYSLOT");
  EXPECT_EQ(select->value, 0u);
  EXPECT_EQ(last_write_to(sim::nrf::kKmuNvmcBase + sim::nrf::kNvmcConfig)->name, "NVMC.CONFIG");
}

TEST(NrfTraceFlow, AccessesToADeadChipAreMarked) {
  SimRun r("nrf5340-assembly.json");
  auto& chip = nrf_chip(r);
  sim::trace::BusTraceRecorder recorder(r.bench(),
                                        sim::trace::TraceHeader{"virtual", "bus", "sim", "dead", "transaction"});
  chip.write32(0x00FF8FFFu, 1);  // misaligned
  chip.write32(0x40000000u, 1);  // nothing there
  chip.arm_power_cut_after_words(0);
  chip.write32(sim::nrf::kKmuNvmcBase + sim::nrf::kNvmcConfig, sim::nrf::kWenWrite);
  chip.write32(sim::nrf::kUicrBase + sim::nrf::kUicrOtpBegin + 0x40, 0x12345678u);  // torn: the chip dies
  EXPECT_EQ(chip.read32(sim::nrf::kUicrBase + sim::nrf::kUicrOtpBegin + 0x40), 0u);
  const sim::trace::Trace trace = sim::trace::parse_trace(recorder.writer().text(), "dead trace");
  ASSERT_EQ(trace.registers.size(), 5u);
  EXPECT_EQ(trace.registers[0].status, sim::trace::RegisterStatus::kBusError);
  EXPECT_EQ(trace.registers[1].status, sim::trace::RegisterStatus::kBusError);
  EXPECT_EQ(trace.registers[1].name, "unmapped");
  EXPECT_EQ(trace.registers[2].status, sim::trace::RegisterStatus::kOk);
  EXPECT_EQ(trace.registers[3].name, "UICR OTP[16]");
  EXPECT_EQ(trace.registers[3].status, sim::trace::RegisterStatus::kUnpowered) << "the chip died in it";
  EXPECT_FALSE(chip.powered());
  EXPECT_EQ(trace.registers[4].status, sim::trace::RegisterStatus::kUnpowered);
  EXPECT_FALSE(trace.registers[4].write);
}

class NrfTraceCli : public ScratchDirTest {};

TEST_F(NrfTraceCli, RunWritesRegisterRecordsAndTraceShowPrintsThem) {
  const std::string file = path("ikg.jsonl");
  const CliOutcome run = run_keybench("run identity-key-generation --trace " + file);
  ASSERT_EQ(run.exit_code, 0) << run.out;
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u) << "key values cross the register bus";
  const std::string text = read(file);
  const sim::trace::Trace trace = sim::trace::parse_trace(text, file);
  EXPECT_EQ(trace.header.flow, "identity-key-generation");
  ASSERT_GT(trace.registers.size(), 50u);
  EXPECT_THAT(text, HasSubstr(R"("kind":"register")"));
  EXPECT_THAT(text, HasSubstr(R"("register":"KMU.SELECTKEYSLOT")"));

  const CliOutcome shown = run_keybench("trace show " + file);
  ASSERT_EQ(shown.exit_code, 0) << shown.out;
  EXPECT_THAT(shown.out, HasSubstr("0 transactions, " + std::to_string(trace.registers.size()) + " register accesses"));
  EXPECT_THAT(shown.out, HasSubstr("0x50039500  write  0x00000000  KMU.SELECTKEYSLOT"));
  EXPECT_THAT(shown.out, HasSubstr("UICR BL_STORAGE lifecycle word 0"));
  EXPECT_THAT(shown.out, HasSubstr("register accesses (stalled: time the CPU waited in the access)"));

  const CliOutcome json = run_keybench("trace show --json " + file, false);
  ASSERT_EQ(json.exit_code, 0) << json.out;
  const nlohmann::json j = nlohmann::json::parse(json.out);
  ASSERT_EQ(j["records"].size(), trace.registers.size());
  EXPECT_EQ(j["records"][0]["kind"], "register");
  EXPECT_EQ(j["records"][0]["index"], 0);

  // Replay plays the register records on the recorded bench's nRF5340 (register_replay_test.cc).
  const CliOutcome replay = run_keybench("replay " + file);
  EXPECT_EQ(replay.exit_code, 0) << replay.out;
  EXPECT_THAT(replay.out, HasSubstr(std::to_string(trace.registers.size()) + " register accesses"));
  EXPECT_THAT(replay.out, Not(HasSubstr("DIVERGED")));
}

}  // namespace
}  // namespace kb::test
