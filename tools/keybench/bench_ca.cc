#include "tools/keybench/bench_ca.h"

#include <stdexcept>

#include "hal/crypto_openssl/openssl_certificates.h"
#include "simulator/bench/bench.h"
#include "simulator/crypto/x509.h"
#include "simulator/files/input_file.h"
#include "simulator/stsafe_a120/personalisation.h"
#include "simulator/stsafe_a120/stsafe.h"

namespace kb::tools {

std::vector<uint8_t> bench_ca_certificate(sim::Bench& bench) {
  auto* chip = bench.first<sim::stsafe_a120::Stsafe>();
  if (chip == nullptr) throw std::runtime_error("the bench has no STSAFE-A120, so no bench CA");
  return sim::stsafe_a120::factory_personalisation(chip->state().random_seed).ca_certificate;
}

std::string bench_ca_pem(sim::Bench& bench) {
  return sim::crypto::x509::to_pem(bench_ca_certificate(bench));
}

std::vector<uint8_t> load_ca_file(const std::string& path) {
  const std::string text = sim::files::read_input_file(path);
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  std::vector<uint8_t> der = hal::openssl::certificate_der(std::span<const uint8_t>(bytes, text.size()));
  if (der.empty()) throw std::runtime_error(path + ": not a PEM or DER certificate");
  return der;
}

}  // namespace kb::tools
