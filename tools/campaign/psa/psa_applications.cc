#include "tools/campaign/psa/psa_applications.h"

#include <string_view>

#include "core/its/flash_its.h"
#include "firmware/factory_provisioning/factory_provisioning.h"
#include "firmware/psa_key_destruction/psa_key_destruction.h"
#include "hal/sim/sim_flash_region.h"

namespace kb::tools::campaign::psa {

namespace {

bool has_device(const sim::Bench& bench, std::string_view kind) {
  for (const auto& d : bench.devices()) {
    if (d.device->kind() == kind) return true;
  }
  return false;
}

fw::PsaDevice device_of(CampaignTarget& target, Chip chip, core::its::ItsStore& its) {
  fw::PsaDevice d;
  d.se = chip;
  d.address7 = target.atecc_address();
  d.stsafe_address7 = target.stsafe_address();
  d.its = &its;
  return d;
}

fw::PsaApplicationBootOptions boot_options(CampaignTarget& target, Chip chip, core::its::ItsStore& its, bool recover) {
  fw::PsaApplicationBootOptions o;
  static_cast<fw::PsaDevice&>(o) = device_of(target, chip, its);
  o.recover = recover;
  return o;
}

core::Status ok_if(bool passed) {
  return passed ? core::Status(core::Code::kOk) : core::Status(core::Code::kRefused);
}

}  // namespace

Application factory_application(Chip chip) {
  return [chip](CampaignTarget& target, core::its::ItsStore& its) {
    sim::Bench& bench = *target.bench();
    fw::FactoryProvisioningOptions o;
    o.se = chip;
    o.register_both = has_device(bench, "atecc608a") && has_device(bench, "stsafe-a120");
    o.address7 = target.atecc_address();
    o.stsafe_address7 = target.stsafe_address();
    o.its = &its;
    return fw::run_factory_provisioning(target.platform(), o);
  };
}

Application destruction_application(Chip chip, bool recover, psa_key_id_t key_id) {
  return [chip, recover, key_id](CampaignTarget& target, core::its::ItsStore& its) {
    fw::PsaKeyDestructionOptions o;
    static_cast<fw::PsaDevice&>(o) = device_of(target, chip, its);
    o.recover = recover;
    o.key_id = key_id;
    return fw::run_psa_key_destruction(target.platform(), o);
  };
}

Application recovery_application(Chip chip) {
  return [chip](CampaignTarget& target, core::its::ItsStore& its) {
    const fw::PsaApplicationBoot r = fw::recover_psa_key_store(target.platform(), device_of(target, chip, its));
    return ok_if(r.recover_status == PSA_SUCCESS);
  };
}

Application boot_application(Chip chip, bool recover, fw::PsaApplicationBoot* result) {
  return [chip, recover, result](CampaignTarget& target, core::its::ItsStore& its) {
    const fw::PsaApplicationBoot boot =
        fw::boot_psa_application(target.platform(), boot_options(target, chip, its, recover));
    if (result != nullptr) *result = boot;
    return ok_if(boot.passed());
  };
}

fw::PsaApplicationBoot boot_on(sim::Bench& bench, Chip chip, bool recover, uint64_t seed, bool register_factory_key) {
  DiscardConsole console;
  CampaignTarget target(bench, console, seed);
  hal::sim::SimFlashRegion region(mcu_flash(bench).nvm(), &bench.scheduler());
  core::its::FlashIts its(region);
  if (its.mount() != core::its::ItsStatus::kOk) return {};
  fw::PsaApplicationBootOptions o = boot_options(target, chip, its, recover);
  o.register_factory_key = register_factory_key;
  return fw::boot_psa_application(target.platform(), o);
}

}  // namespace kb::tools::campaign::psa
