// The identity key generation application on the simulated nRF5340, end to end, as
// `keybench run identity-key-generation` runs it, on a fixture for every starting point the issue
// names: assembly (passes), already provisioning, secured, decommissioned, HUKs already written,
// identity slot half written. Expected console text: seed 003 and fact sheet §6.1/§6.2.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "core/nrf/nrf_status.h"
#include "firmware/identity_key_generation/identity_key_generation.h"
#include "simulator/nrf/cryptocell_timing.h"
#include "tests/flows/nrf_flow_support.h"
#include "tests/flows/wrapped_flow_support.h"

namespace kb::test {
namespace {

using core::nrf::is;
using core::nrf::NrfStatus;
using ::testing::HasSubstr;

core::Status run(SimRun& r, bool dummy = false) {
  fw::IdentityKeyGenerationOptions o;
  o.dummy_key = dummy;
  return fw::run_identity_key_generation(r.target->platform(), o);
}

TEST(NrfIdentityKeyGenerationFlow, AssemblyPassesWithTheReferenceTranscript) {
  SimRun r("nrf5340-assembly.json");
  core::Status s = run(r);
  ASSERT_TRUE(s.ok()) << status_text(s) << "\n" << r.console.text();
  EXPECT_EQ(r.console.text(), kNrfSuccessTranscript);

  auto& chip = nrf_chip(r);
  EXPECT_EQ(chip.lifecycle(), sim::nrf::Lifecycle::kProvisioning);
  EXPECT_EQ(chip.uicr_word(0x100), 0xFFFF0000u) << "fact sheet §6.5: OTP BL_STORAGE+0";
  nlohmann::json st = r.device_state();
  // §6.5 expected UICR end state, nRF5340 column.
  const char* dest[] = {"0x50845400", "0x50845410", "0x50845400", "0x50845410"};
  for (int s5 = 2; s5 <= 5; ++s5) {
    EXPECT_EQ(st["key_slots"][std::to_string(s5)]["dest"], dest[s5 - 2]);
    EXPECT_EQ(st["key_slots"][std::to_string(s5)]["perm"], "0xFFFFFFFC");
  }
  for (const char* s67 : {"6", "7"}) {
    EXPECT_EQ(st["key_slots"][s67]["perm"], "0xFFFFFFFA");
    EXPECT_FALSE(st["key_slots"][s67].contains("dest"));
  }
  EXPECT_TRUE(st["summary"]["identity_key_written"].get<bool>());
  // One lifecycle word, four HUK slots of six words, two identity slots of five.
  EXPECT_EQ(chip.nvmc_words_programmed(), 1u + 4 * 6 + 2 * 5);
  // 35 NVMC words at 43 µs, and the CryptoCell generating the identity key (docs/fidelity.md).
  EXPECT_GE(r.bench().scheduler().now(), 35u * 43u * 1000u + sim::nrf::kCc312P256ScalarMultiplicationNs);

  std::array<uint8_t, 32> key{};
  ASSERT_TRUE(read_identity_key(r, key).ok());
  uint8_t pub[64];
  EXPECT_EQ(r.target->platform().crypto.p256_public_from_private(key, pub), hal::CryptoResult::kOk)
      << "a valid secp256r1 private key";
}

TEST(NrfIdentityKeyGenerationFlow, TheIdentityKeyNeverLandsInPlaintext) {
  SimRun r("nrf5340-assembly.json");
  ASSERT_TRUE(run(r).ok());
  std::array<uint8_t, 32> key{};
  ASSERT_TRUE(read_identity_key(r, key).ok());
  auto uicr = nrf_chip(r).uicr().bytes();
  for (size_t at = 0; at + 8 <= key.size(); ++at) {
    EXPECT_EQ(std::search(uicr.begin(), uicr.end(), key.begin() + at, key.begin() + at + 8), uicr.end())
        << "8 bytes of the key from offset " << at << " found in the UICR";
  }
}

TEST(NrfIdentityKeyGenerationFlow, LaterLifecycleStatesAreRefusedBeforeAnyWrite) {
  for (const char* fixture : {"nrf5340-provisioning.json", "nrf5340-secured.json", "nrf5340-decommissioned.json"}) {
    SimRun r(fixture);
    nlohmann::json before = r.device_state();
    core::Status s = run(r);
    EXPECT_TRUE(is(s, NrfStatus::kLifecycleNotAssembly)) << fixture << ": " << status_text(s);
    EXPECT_EQ(r.console.text(), "Failure: Lifecycle state is not ASSEMBLY as expected. Exiting!\n") << fixture;
    EXPECT_EQ(r.device_state(), before) << fixture;
    EXPECT_EQ(nrf_chip(r).nvmc_words_programmed(), 0u) << fixture;
  }
}

TEST(NrfIdentityKeyGenerationFlow, WrittenHuksAreKeptAndTheIdentityKeyUsesThem) {
  SimRun r("nrf5340-huks-written.json");
  nlohmann::json before = r.device_state();
  core::Status s = run(r);
  ASSERT_TRUE(s.ok()) << status_text(s) << "\n" << r.console.text();
  // The library says why it wrote nothing; the sample does not check and goes on (§6.1 step 2).
  EXPECT_EQ(r.console.text(),
            "Successfully verified PSA lifecycle state ASSEMBLY!\n"
            "Successfully switched to PSA lifecycle state PROVISIONING!\n"
            "Generating random HUK keys (including MKEK)\n"
            "One or more keys already set. Cannot overwrite\n"
            "Writing the identity key to KMU\n"
            "Success!\n");
  nlohmann::json after = r.device_state();
  for (const char* s25 : {"2", "3", "4", "5"}) EXPECT_EQ(after["key_slots"][s25], before["key_slots"][s25]) << s25;
  std::array<uint8_t, 32> key{};
  EXPECT_TRUE(read_identity_key(r, key).ok()) << "encrypted under the MKEK already there";
}

TEST(NrfIdentityKeyGenerationFlow, PartlyWrittenHuksStopTheFlowBeforeTheIdentityKey) {
  // The HUK-written chip with the MEXT's second half missing: "already set", but not whole.
  nlohmann::json bench = nlohmann::json::parse(std::ifstream(fixture_path("nrf5340-huks-written.json")));
  nlohmann::json& chip_state = bench["devices"][0]["state"];
  chip_state["key_slots"].erase("5");
  chip_state.erase("summary");
  JsonBenchRun r("nrf5340-mext-half", bench);
  core::Status s = fw::run_identity_key_generation(r.target->platform(), fw::IdentityKeyGenerationOptions{});
  EXPECT_TRUE(is(s, NrfStatus::kHukWriteFailed)) << status_text(s);
  EXPECT_EQ(r.console.text(),
            "Successfully verified PSA lifecycle state ASSEMBLY!\n"
            "Successfully switched to PSA lifecycle state PROVISIONING!\n"
            "Generating random HUK keys (including MKEK)\n"
            "One or more keys already set. Cannot overwrite\n"
            "Failure: Writing random HUK keys failed. Exiting!\n");
  EXPECT_FALSE(r.device_state()["key_slots"].contains("6")) << "no identity key over a partial MEXT";
}

TEST(NrfIdentityKeyGenerationFlow, AHalfWrittenIdentitySlotStopsTheWrite) {
  SimRun r("nrf5340-identity-half-written.json");
  nlohmann::json before = r.device_state();
  core::Status s = run(r);
  EXPECT_TRUE(is(s, NrfStatus::kKidentAlreadyFilled)) << status_text(s);
  EXPECT_THAT(r.console.text(), HasSubstr("Writing the identity key to KMU\n"
                                          "<err> identity_key: Identity key write failed! Error: -28709\n"
                                          "Failure: Identity key write failed! Exiting!\n"));
  EXPECT_THAT(r.console.text(), ::testing::Not(HasSubstr("Success!")));
  nlohmann::json after = r.device_state();
  EXPECT_EQ(after["key_slots"]["6"], before["key_slots"]["6"]);
  EXPECT_EQ(after["key_slots"]["7"], before["key_slots"]["7"]);
  EXPECT_EQ(after["key_slots"]["7"]["value"], "5FCC9DCFE8D7D516FFFFFFFFFFFFFFFF") << "still visibly half written";
  // As on silicon: the lifecycle had already moved (§6.2 note), recovery needs ERASEALL.
  EXPECT_EQ(after["lifecycle"], "provisioning");
}

TEST(NrfIdentityKeyGenerationFlow, ASecondRunFindsTheChipProvisioned) {
  SimRun r("nrf5340-assembly.json");
  ASSERT_TRUE(run(r).ok());
  r.console.clear();
  EXPECT_TRUE(is(run(r), NrfStatus::kLifecycleNotAssembly));
}

TEST(NrfIdentityKeyGenerationFlow, DummyKeyIsTfmsTemplateKey) {
  SimRun r("nrf5340-assembly.json");
  ASSERT_TRUE(run(r, /*dummy=*/true).ok()) << r.console.text();
  EXPECT_THAT(r.console.text(),
              HasSubstr("Writing the identity key to KMU\n"
                        "<wrn> identity_key: WARNING: Using a dummy identity key not meant for production!\n"
                        "Success!\n"));
  std::array<uint8_t, 32> key{};
  ASSERT_TRUE(read_identity_key(r, key).ok());
  EXPECT_TRUE(std::equal(key.begin(), key.end(), core::nrf::kDummyIdentityKey));
}

TEST(NrfIdentityKeyGenerationFlow, ATargetWithoutRegistersIsToldSo) {
  SimRun r;  // the default bench: an STSAFE-A120 only
  ASSERT_EQ(r.target->platform().registers, nullptr);
  core::Status s = run(r);
  EXPECT_TRUE(is(s, NrfStatus::kNoRegisterBus));
  EXPECT_THAT(r.console.text(), HasSubstr("no memory-mapped registers"));
}

// Power lost at every NVMC word of the flow. Oracles: the identity key is never reported written
// unless whole; whatever a cut leaves, a re-run converges (passes from ASSEMBLY, is refused once
// the lifecycle has moved) and never reports success over a partial key.
TEST(NrfIdentityKeyGenerationFlow, PowerCutAtEveryWordLeavesAnHonestChip) {
  constexpr uint64_t kWords = 1 + 4 * 6 + 2 * 5;
  for (uint64_t cut = 0; cut < kWords; ++cut) {
    SimRun r("nrf5340-assembly.json");
    auto& chip = nrf_chip(r);
    chip.arm_power_cut_after_words(cut);
    EXPECT_FALSE(run(r).ok()) << "cut " << cut;
    r.bench().power_cycle();
    EXPECT_FALSE(chip.identity_key_written()) << "cut " << cut;
    const bool lifecycle_moved = cut >= 1;
    EXPECT_EQ(chip.lifecycle(), lifecycle_moved ? sim::nrf::Lifecycle::kProvisioning : sim::nrf::Lifecycle::kAssembly)
        << "cut " << cut;
    r.console.clear();
    core::Status again = run(r);
    if (lifecycle_moved) {
      EXPECT_TRUE(is(again, NrfStatus::kLifecycleNotAssembly)) << "cut " << cut << ": " << status_text(again);
    } else {
      EXPECT_TRUE(again.ok()) << "cut " << cut << ": " << status_text(again);
    }
  }
}

// A register bus that loses every write to one address, as a failing NVMC would: the lifecycle
// update itself reports nothing (the reference does not read back), the re-read catches it.
class LosingBus final : public hal::RegisterBus {
 public:
  LosingBus(hal::RegisterBus& inner, uint32_t lost) : inner_(inner), lost_(lost) {}
  uint32_t read32(uint32_t address) override { return inner_.read32(address); }
  void write32(uint32_t address, uint32_t value) override {
    if (address != lost_) inner_.write32(address, value);
  }

 private:
  hal::RegisterBus& inner_;
  uint32_t lost_;
};

TEST(NrfIdentityKeyGenerationFlow, ALostLifecycleWriteIsCaughtByTheReRead) {
  SimRun r("nrf5340-assembly.json");
  hal::Platform& p = r.target->platform();
  LosingBus losing(*p.registers, 0x00FF8100);
  hal::Platform lossy{p.i2c, p.clock, p.power, p.crypto, p.console, &losing};
  core::Status s = fw::run_identity_key_generation(lossy, {});
  EXPECT_TRUE(is(s, NrfStatus::kLifecycleNotProvisioning)) << status_text(s);
  EXPECT_EQ(r.console.text(),
            "Successfully verified PSA lifecycle state ASSEMBLY!\n"
            "Lifecycle state was 1\n"
            "Failure: Lifecycle state is not PROVISION as expected. Exiting!\n");
  EXPECT_EQ(nrf_chip(r).nvmc_words_programmed(), 0u) << "no key written after the failed move";
}

TEST(NrfIdentityKeyGenerationFlow, SameSeedSameBytesSameTime) {
  SimRun a("nrf5340-assembly.json"), b("nrf5340-assembly.json");
  ASSERT_TRUE(run(a).ok());
  ASSERT_TRUE(run(b).ok());
  EXPECT_EQ(a.device_state(), b.device_state());
  EXPECT_EQ(a.bench().scheduler().now(), b.bench().scheduler().now());
}

}  // namespace
}  // namespace kb::test
