#pragma once
// Every provisioning application the CLI can run, by name.
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/status.h"
#include "hal/host/target.h"

namespace kb::tools {

struct FlowOptions {
  bool wait_for_key = false;
  // Resumable provisioning: a re-run after a power cut finishes the chip where the reference
  // application would refuse it (nRF flows; the STSAFE flows are resumable as they are).
  bool resume = false;
  // ATECC608A factory flow: the configuration profile (fixtures/atecc-profiles format); empty for
  // the flow's default profile.
  std::string atecc_profile;
  // STSAFE private-key flows (key-pair-generation, ecdh): the curve by its --curve name ("p384",
  // ...; empty for P-256) and the private key slot (nullopt for the flow's own).
  std::string curve;
  std::optional<uint8_t> slot;
  // Device authentication flows: the CA certificate file (PEM or DER) to trust; empty = the bench
  // CA of a simulated target (tools/keybench/bench_ca.h).
  std::string ca_certificate;
  // factory-provisioning: which secure element ("atecc608a"; empty for the default).
  std::string se;
};

struct Flow {
  std::string_view name;         // as typed on the command line
  std::string_view description;  // one line for `keybench list`
  std::function<core::Status(hal::host::HostTarget&, const FlowOptions&)> run;
  // The bench fixture (under fixtures/benches) a plain `sim` target means for this flow; empty for
  // the default bench.
  std::string_view default_fixture = {};
  // Whether FlowOptions::resume changes anything; --resume on any other flow is reported as ignored.
  bool has_resume_mode = false;
  // Whether FlowOptions::atecc_profile is read; --profile on any other flow is a usage error.
  bool takes_profile = false;
  // Whether FlowOptions::curve and ::slot are read; --curve / --slot on any other flow is a usage error.
  bool takes_key_options = false;
  // Whether FlowOptions::ca_certificate is read; --ca on any other flow is a usage error.
  bool takes_ca = false;
  // Whether FlowOptions::se is read; --se on any other flow is a usage error.
  bool takes_se = false;
  // Whether the power-cut and bus campaigns of tools/campaign cover the flow (not the PSA flow).
  bool in_campaigns = true;
  // Whether `keybench campaign` runs the power-cut campaign through the PSA core instead
  // (tools/campaign/psa: ITS and secure-element writes cut, application boots with and without
  // kb_psa_recover()).
  bool psa_campaign = false;
};

// The profile the ATECC608A factory flow uses without --profile.
std::string default_atecc_profile();

std::span<const Flow> flows();
const Flow* find_flow(std::string_view name);

}  // namespace kb::tools
