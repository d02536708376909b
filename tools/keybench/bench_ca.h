#pragma once
// The CA a simulated bench's STSAFE-A120 certificates chain to (simulator/stsafe_a120/
// personalisation.h), and CA files given on the command line.
#include <cstdint>
#include <string>
#include <vector>

namespace kb::sim {
class Bench;
}

namespace kb::tools {

// DER of the bench CA of the first STSAFE-A120 on the bench (derived from its random seed).
// Throws std::runtime_error when the bench has none.
std::vector<uint8_t> bench_ca_certificate(sim::Bench& bench);
// The same as PEM text.
std::string bench_ca_pem(sim::Bench& bench);

// DER of the certificate in a PEM or DER file; throws std::runtime_error naming the file when it
// holds neither.
std::vector<uint8_t> load_ca_file(const std::string& path);

}  // namespace kb::tools
