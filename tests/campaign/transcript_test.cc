// The transcript oracle on synthetic transcripts: a failed step is never followed by success.
#include "tools/campaign/transcript.h"

#include <gtest/gtest.h>

namespace kb::tools::campaign {
namespace {

// identity-key-generation after a brown-out at NVMC write 12, as today's reference firmware prints it.
constexpr const char* kHukWriteFailedThenSuccess =
    "Successfully verified PSA lifecycle state ASSEMBLY!\n"
    "Successfully switched to PSA lifecycle state PROVISIONING!\n"
    "Generating random HUK keys (including MKEK)\n"
    "The HUK writing to: 3 failed with error code: -28701\n"
    "Writing the identity key to KMU\n"
    "Success!\n";

TEST(TranscriptOracle, SuccessAfterAFailedHukWriteBreaksTheRule) {
  auto broken = success_after_failure(kHukWriteFailedThenSuccess, false);
  ASSERT_TRUE(broken.has_value());
  EXPECT_EQ(*broken, "'The HUK writing to: 3 failed with error code: -28701' then 'Success!'");
}

TEST(TranscriptOracle, AFailedStepThenOkBreaksTheRuleWithoutASuccessLine) {
  auto broken = success_after_failure(
      "Generating random HUK keys (including MKEK)\n"
      "The HUK writing to: 2 failed with error code: -28701\n"
      "Writing the identity key to KMU\n",
      true);
  ASSERT_TRUE(broken.has_value());
  EXPECT_EQ(*broken, "'The HUK writing to: 2 failed with error code: -28701' then the run returned ok");
}

TEST(TranscriptOracle, AFailureThatEndsTheRunKeepsTheRule) {
  EXPECT_FALSE(
      success_after_failure("Successfully verified PSA lifecycle state ASSEMBLY!\n"
                            "Generating random HUK keys (including MKEK)\n"
                            "Failure: Writing random HUK keys failed. Exiting!\n",
                            false));
  EXPECT_FALSE(success_after_failure("\n ## Put Attribute ERROR : bus error\n", false));
}

TEST(TranscriptOracle, ACleanRunKeepsTheRule) {
  EXPECT_FALSE(
      success_after_failure("Successfully verified PSA lifecycle state ASSEMBLY!\n"
                            "Writing the identity key to KMU\n"
                            "Success!\n",
                            true));
  EXPECT_FALSE(success_after_failure("", true));
}

TEST(TranscriptOracle, EachFailureAndSuccessSpellingIsRecognised) {
  for (const char* line :
       {"Failure: Identity key write failed! Exiting!", " ## Query ERROR : timeout",
        " - Verify CMAC using STSAFE-A120: FAILED", "<err> identity_key: Identity key write failed! Error: -28701"}) {
    EXPECT_TRUE(reports_failure(line)) << line;
    EXPECT_FALSE(reports_success(line)) << line;
  }
  for (const char* line :
       {"Success!", "Successfully switched to PSA lifecycle state PROVISIONING!",
        " - Decryption and authentication verification: SUCCESS", " - Host key provisioning : PASS"}) {
    EXPECT_TRUE(reports_success(line)) << line;
    EXPECT_FALSE(reports_failure(line)) << line;
  }
  EXPECT_FALSE(reports_success("PASSWORD set")) << "PASS is a word, not a prefix";
  EXPECT_FALSE(reports_success("bypass"));
}

TEST(TranscriptOracle, ALaterStepsSuccessAfterAFailedCheckBreaksTheRule) {
  auto broken = success_after_failure(
      "Successfully verified PSA lifecycle state ASSEMBLY!\n"
      " - Verify CMAC using STSAFE-A120: FAILED\n"
      " - Verify CMAC using platform crypto: SUCCESS\n",
      false);
  ASSERT_TRUE(broken.has_value()) << "a later step's SUCCESS after a FAILED step";
  EXPECT_EQ(*broken, "'- Verify CMAC using STSAFE-A120: FAILED' then '- Verify CMAC using platform crypto: SUCCESS'");
}

TEST(TranscriptOracle, RecordingConsoleKeepsEveryWrite) {
  RecordingConsole c;
  c.write("The HUK writing to: ");
  c.print("%u failed\n", 3u);
  c.write("Success!\n");
  EXPECT_EQ(c.text(), "The HUK writing to: 3 failed\nSuccess!\n");
  EXPECT_TRUE(success_after_failure(c.text(), false).has_value());
}

}  // namespace
}  // namespace kb::tools::campaign
