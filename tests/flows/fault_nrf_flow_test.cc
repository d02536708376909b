// Fault plans on the nRF5340 flows: a brown-out while identity_key_generation writes the identity
// key leaves a half-written KMU slot, and the flow does not pass it off as written.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/nrf/nrf_status.h"
#include "firmware/identity_key_generation/identity_key_generation.h"
#include "simulator/fault/fault_injector.h"
#include "simulator/fault/fault_plan.h"
#include "tests/flows/nrf_flow_support.h"
#include "tests/test_paths.h"

namespace kb::test {
namespace {

using core::nrf::is;
using core::nrf::NrfStatus;
using ::testing::HasSubstr;

core::Status generate(SimRun& r) {
  return fw::run_identity_key_generation(r.target->platform(), fw::IdentityKeyGenerationOptions{});
}

TEST(FaultNrfFlow, ABrownOutDuringTheIdentityKeyWriteLeavesAHalfWrittenSlotTheFlowRefuses) {
  // Plan + state fixture: HUKs already written, lifecycle ASSEMBLY.
  SimRun r("nrf5340-huks-written.json");
  r.bench().install_fault_plan(sim::fault::load_fault_plan_file(std::string(KEYBENCH_SOURCE_DIR) +
                                                                "/fixtures/faults/nrf-identity-key-brown-out.json"));
  core::Status s = generate(r);
  const auto& faults = r.bench().faults()->records();
  ASSERT_EQ(faults.size(), 1u);
  // Slot 7 VALUE[2]: UICR 0x800 + 16 * 7 + 8 (fact sheet §1.3).
  EXPECT_THAT(faults[0].where, HasSubstr("to UICR+0x0878 (KMU slot 7 VALUE[2], identity key second half)"));
  EXPECT_EQ(faults[0].trigger, "NVM write 8 on nrf5340 (word at 0x0878)");
  EXPECT_EQ(faults[0].detail, "nrf5340 resets; the NVM write in progress is torn");

  EXPECT_FALSE(s.ok()) << "the identity key did not land, and the flow must not say Success";
  EXPECT_THAT(r.console.text(), HasSubstr("Writing the identity key to KMU\n"));
  EXPECT_THAT(r.console.text(), ::testing::Not(HasSubstr("Success!")));

  r.bench().power_cycle();
  auto& chip = nrf_chip(r);
  EXPECT_FALSE(chip.identity_key_written());
  const nlohmann::json slots = r.device_state()["key_slots"];
  EXPECT_EQ(slots["6"]["perm"], "0xFFFFFFFA") << "slot 6 landed before the brown-out";
  EXPECT_EQ(slots["7"]["state"], "staged");
  const std::string value = slots["7"]["value"];
  EXPECT_EQ(value.substr(16), "FFFFFFFFFFFFFFFF") << "VALUE[2] torn, VALUE[3] never written";
  EXPECT_NE(value.substr(0, 16), "FFFFFFFFFFFFFFFF") << "VALUE[0] and VALUE[1] hold key words";

  // The board boots the sample again: it refuses the chip rather than write over the slot.
  r.console.clear();
  r.bench().clear_fault_plan();
  const nlohmann::json before = r.device_state();
  core::Status again = generate(r);
  EXPECT_TRUE(is(again, NrfStatus::kLifecycleNotAssembly)) << status_text(again);
  EXPECT_EQ(r.console.text(), "Failure: Lifecycle state is not ASSEMBLY as expected. Exiting!\n");
  EXPECT_EQ(r.device_state(), before) << "the half-written slot stays as the brown-out left it";
}

}  // namespace
}  // namespace kb::test
