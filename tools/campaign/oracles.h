#pragma once
// The five campaign oracles; the first four over device images (device_image.h):
//   no_usable_partial_key     no key slot is left holding a key the device will use that is neither
//                             the old key nor the new one: a partial key the cut left behind must be
//                             unusable once the re-run is done (a factory line re-runs at once);
//   rolled_back_or_completed  the interrupted operation's effect on the NVM is all or nothing
//                             (compared with the images before and after it in the clean run);
//   rerun_converges           after a power cycle the flow, run again, reaches the provisioned
//                             state of the clean run, or stops at a refusal the report names;
//   no_false_success          the host never reported success while the device was not
//                             provisioned;
//   no_success_after_failure  over what the cut run and the re-run printed (transcript.h): once a
//                             step reported a failure, no later line reports success and the run
//                             does not return ok.
#include <array>
#include <nlohmann/json.hpp>
#include <optional>

#include "tools/campaign/device_image.h"
#include "tools/campaign/refusal.h"

namespace kb::tools::campaign {

inline constexpr const char* kOracleNoUsablePartialKey = "no_usable_partial_key";
inline constexpr const char* kOracleRolledBackOrCompleted = "rolled_back_or_completed";
inline constexpr const char* kOracleRerunConverges = "rerun_converges";
inline constexpr const char* kOracleNoFalseSuccess = "no_false_success";
inline constexpr const char* kOracleNoSuccessAfterFailure = "no_success_after_failure";
// Every cut point of a report carries exactly these verdicts, whatever the flow.
inline constexpr std::array<const char*, 5> kOracleNames = {kOracleNoUsablePartialKey, kOracleRolledBackOrCompleted,
                                                            kOracleRerunConverges, kOracleNoFalseSuccess,
                                                            kOracleNoSuccessAfterFailure};

// Images of different device families never satisfy an oracle.
// cut: the state the cut left; rerun: the state after the re-run; flow_start / flow_end: the clean
// run's images (same seed, so the cut run meant to write exactly flow_end's keys).
bool no_usable_partial_key(const DeviceImage& cut, const DeviceImage& rerun, const DeviceImage& flow_start,
                           const DeviceImage& flow_end);
bool rolled_back_or_completed(const DeviceImage& cut, const DeviceImage& before, const DeviceImage& after);
nlohmann::json provisioned_projection(const DeviceImage& image);
std::optional<Refusal> explain_refusal(const DeviceImage& image, bool reference_mode);

// rerun_ok: the re-run's status; refusal: explain_refusal of the state the re-run started from.
bool rerun_converges(bool rerun_ok, const nlohmann::json& rerun_projection, const nlohmann::json& provisioned,
                     const std::optional<Refusal>& refusal);
// host_ok: the interrupted run's status; cut_projection: the state the cut left behind.
bool no_false_success(bool host_ok, const nlohmann::json& cut_projection, const nlohmann::json& provisioned);

}  // namespace kb::tools::campaign
