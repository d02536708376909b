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
    case I2cResult::kArbitrationLost: return "arbitration lost";
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

const char* ec_curve_name(EcCurve curve) {
  switch (curve) {
    case EcCurve::kNistP256: return "NIST P-256";
    case EcCurve::kNistP384: return "NIST P-384";
    case EcCurve::kNistP521: return "NIST P-521";
    case EcCurve::kBrainpoolP256r1: return "Brainpool P-256r1";
    case EcCurve::kBrainpoolP384r1: return "Brainpool P-384r1";
    case EcCurve::kBrainpoolP512r1: return "Brainpool P-512r1";
    case EcCurve::kX25519: return "X25519";
    case EcCurve::kEd25519: return "Ed25519";
  }
  return "unknown curve";
}

CryptoResult Crypto::ec_generate(EcCurve, MutableBytes, MutableBytes) {
  return CryptoResult::kUnsupported;
}
CryptoResult Crypto::ec_ecdh(EcCurve, Bytes, Bytes, MutableBytes) {
  return CryptoResult::kUnsupported;
}
CryptoResult Crypto::ec_sign(EcCurve, Bytes, Bytes, MutableBytes) {
  return CryptoResult::kUnsupported;
}
CryptoResult Crypto::ec_verify(EcCurve, Bytes, Bytes, Bytes) {
  return CryptoResult::kUnsupported;
}
CryptoResult Crypto::aes_gcm_encrypt(Bytes, Bytes, Bytes, Bytes, MutableBytes, MutableBytes) {
  return CryptoResult::kUnsupported;
}
CryptoResult Crypto::aes_gcm_decrypt(Bytes, Bytes, Bytes, Bytes, Bytes, MutableBytes) {
  return CryptoResult::kUnsupported;
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
