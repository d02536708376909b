#include "firmware/identity_key_generation/provisioning_steps.h"

#include "core/nrf/nrf_status.h"

namespace kb::fw {

using core::Status;
using core::nrf::Lcs;
using core::nrf::nrf_status;
using core::nrf::NrfStatus;

Status require_registers(hal::Platform& platform) {
  if (platform.registers != nullptr) return Status();
  platform.console.write(
      "Failure: this target has no memory-mapped registers (KMU, UICR, NVMC); run it on an nRF target. Exiting!\n");
  return nrf_status(NrfStatus::kNoRegisterBus);
}

Status enter_provisioning(core::nrf::Lifecycle& lifecycle, hal::Console& console, bool resume) {
  core::Result<Lcs> lcs = lifecycle.read();
  if (!lcs.ok()) {
    console.write("Failure: Cannot read PSA lifecycle state. Exiting!\n");
    return lcs.status();
  }
  if (resume && *lcs == Lcs::kProvisioning) {
    console.write("PSA lifecycle state is already PROVISIONING: resuming provisioning\n");
    return Status();
  }
  if (*lcs != Lcs::kAssembly) {
    console.write("Failure: Lifecycle state is not ASSEMBLY as expected. Exiting!\n");
    return nrf_status(NrfStatus::kLifecycleNotAssembly);
  }
  console.write("Successfully verified PSA lifecycle state ASSEMBLY!\n");

  if (Status s = lifecycle.update(Lcs::kProvisioning); !s.ok()) {
    console.write("Failure: Cannot set PSA lifecycle state PROVISIONING. Exiting!\n");
    return s;
  }
  lcs = lifecycle.read();
  if (!lcs.ok()) {
    console.write("Failure: Cannot read PSA lifecycle state. Exiting!\n");
    return lcs.status();
  }
  if (*lcs != Lcs::kProvisioning) {
    console.print("Lifecycle state was %d\n", static_cast<int>(*lcs));
    console.write("Failure: Lifecycle state is not PROVISION as expected. Exiting!\n");
    return nrf_status(NrfStatus::kLifecycleNotProvisioning);
  }
  console.write("Successfully switched to PSA lifecycle state PROVISIONING!\n");
  return Status();
}

Status write_huks(core::nrf::HwUniqueKey& huk, hal::Console& console, bool keep_whole) {
  // Asked before the write: the library refuses any chip with a HUK slot written, whole or not.
  const bool kept = keep_whole && huk.are_all_written_whole();
  Status s = huk.write_random();
  if (s.ok() || kept) return Status();
  console.write("Failure: Writing random HUK keys failed. Exiting!\n");
  return s;
}

Status resume_huks(core::nrf::HwUniqueKey& huk, hal::Console& console) {
  Status s = huk.write_random_resuming();
  if (is(s, NrfStatus::kHukTorn)) {
    console.write(
        "Failure: a hardware unique key slot is half-written (now revoked); only ERASEALL recovers. Exiting!\n");
  } else if (!s.ok()) {
    console.write("Failure: Writing random HUK keys failed. Exiting!\n");
  }
  return s;
}

Status write_identity_key(core::nrf::IdentityKey& identity, hal::Console& console, bool dummy_key,
                          core::nrf::Kmu* resume_kmu) {
  if (resume_kmu != nullptr) {
    if (identity.is_written()) {
      console.write("Identity key already written: keeping it\n");
      return Status();
    }
    if (resume_kmu->slot_is_written(core::nrf::kIdentityKeySlot) ||
        resume_kmu->slot_is_written(core::nrf::kIdentityKeySlot + 1)) {
      console.write("Failure: Identity key slots are half-written; only ERASEALL recovers. Exiting!\n");
      return nrf_status(NrfStatus::kIdentityKeyTorn);
    }
  }
  if (identity.is_written()) {
    console.write("Failure: Identity key slot already written. Exiting!\n");
    return nrf_status(NrfStatus::kIdentityKeyAlreadyWritten);
  }
  console.write("Writing the identity key to KMU\n");
  Status s = dummy_key ? identity.write_dummy() : identity.write_random();
  if (!s.ok()) {
    console.write("Failure: Identity key write failed! Exiting!\n");
    return s;
  }
  if (!identity.is_written()) {
    console.write("Failure: Identity key is not written! Exiting!\n");
    return nrf_status(NrfStatus::kIdentityKeyNotWritten);
  }
  return Status();
}

}  // namespace kb::fw
