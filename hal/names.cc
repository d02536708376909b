#include <cstdio>

#include "hal/certificates.h"
#include "hal/console.h"
#include "hal/crypto.h"
#include "hal/i2c_initiator.h"

namespace kb::hal {

const char* i2c_result_name(I2cResult r) {
  switch (r) {
    case I2cResult::kOk: return "ok";
    case I2cResult::kAddressNack: return "address NACK";
    case I2cResult::kDataNack: return "data NACK";
    case I2cResult::kBusError: return "bus error";
    case I2cResult::kTimeout: return "timeout";
    case I2cResult::kUnsupported: return "not supported by this bus";
  }
  return "unknown I2C result";
}

const char* certificate_result_name(CertificateResult r) {
  switch (r) {
    case CertificateResult::kOk: return "ok";
    case CertificateResult::kMalformed: return "not a DER certificate";
    case CertificateResult::kUntrusted: return "does not chain to the trust anchor";
    case CertificateResult::kUnsupportedKey: return "key is not NIST P-256";
    case CertificateResult::kFailed: return "failed";
  }
  return "unknown certificate result";
}

const char* crypto_result_name(CryptoResult r) {
  switch (r) {
    case CryptoResult::kOk: return "ok";
    case CryptoResult::kInvalidArgument: return "invalid argument";
    case CryptoResult::kVerifyFailed: return "verification failed";
    case CryptoResult::kInvalidKey: return "invalid key";
    case CryptoResult::kUnsupported: return "unsupported";
    case CryptoResult::kFailed: return "failed";
  }
  return "unknown crypto result";
}

void Console::print(const char* format, ...) {
  char buffer[256];
  va_list args;
  va_start(args, format);
  int n = std::vsnprintf(buffer, sizeof buffer, format, args);
  va_end(args);
  if (n < 0) return;
  size_t len = static_cast<size_t>(n) < sizeof buffer ? static_cast<size_t>(n) : sizeof buffer - 1;
  write(std::string_view(buffer, len));
}

}  // namespace kb::hal
