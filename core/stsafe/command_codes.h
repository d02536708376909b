#pragma once
// Command codes, extended command codes and query/put subject tags of the STSAFE-A120
// (fact sheet 2.1-2.3), named so that command files read like the fact sheet.
#include <cstdint>

namespace kb::core::stsafe {

namespace command_code {
inline constexpr uint8_t kEcho = 0x00;
inline constexpr uint8_t kReset = 0x01;
inline constexpr uint8_t kGenerateRandom = 0x02;
inline constexpr uint8_t kDecrement = 0x04;
inline constexpr uint8_t kRead = 0x05;
inline constexpr uint8_t kUpdate = 0x06;
inline constexpr uint8_t kGenerateMac = 0x09;
inline constexpr uint8_t kVerifyMac = 0x0A;
inline constexpr uint8_t kDelete = 0x0C;
inline constexpr uint8_t kHibernate = 0x0D;
inline constexpr uint8_t kWrapLocalEnvelope = 0x0E;
inline constexpr uint8_t kUnwrapLocalEnvelope = 0x0F;
inline constexpr uint8_t kPutAttribute = 0x10;
inline constexpr uint8_t kGenerateKey = 0x11;
inline constexpr uint8_t kQuery = 0x14;
inline constexpr uint8_t kGenerateSignature = 0x16;
inline constexpr uint8_t kVerifySignature = 0x17;
inline constexpr uint8_t kEstablishKey = 0x18;
inline constexpr uint8_t kVerifyPassword = 0x1A;
inline constexpr uint8_t kEncrypt = 0x1B;
inline constexpr uint8_t kDecrypt = 0x1C;
inline constexpr uint8_t kExtended = 0x1F;
}  // namespace command_code

namespace extended_code {
inline constexpr uint8_t kStartHash = 0x00;
inline constexpr uint8_t kProcessHash = 0x01;
inline constexpr uint8_t kFinishHash = 0x02;
inline constexpr uint8_t kStartVolatileKekSession = 0x03;
inline constexpr uint8_t kEstablishSymmetricKeys = 0x04;
inline constexpr uint8_t kConfirmSymmetricKeys = 0x05;
inline constexpr uint8_t kStopVolatileKekSession = 0x06;
inline constexpr uint8_t kWriteHostKeyV2Plaintext = 0x07;
inline constexpr uint8_t kWriteHostKeyV2Wrapped = 0x08;
inline constexpr uint8_t kWriteSymmetricKeyWrapped = 0x09;
inline constexpr uint8_t kWritePublicKey = 0x0A;
inline constexpr uint8_t kGenerateEcdhe = 0x0B;
inline constexpr uint8_t kGenerateChallenge = 0x0E;
inline constexpr uint8_t kVerifyEntitySignature = 0x0F;
inline constexpr uint8_t kDeriveKeys = 0x10;
inline constexpr uint8_t kWriteSymmetricKeyPlaintext = 0x17;
inline constexpr uint8_t kEstablishHostKeyV2 = 0x18;
inline constexpr uint8_t kEraseSymmetricKeySlot = 0x19;
inline constexpr uint8_t kDecompressPublicKey = 0x1A;
}  // namespace extended_code

// Subject tags shared by Query (0x14) and Put attribute (0x10).
namespace attribute_tag {
inline constexpr uint8_t kLocalEnvelopeKeyTable = 0x07;  // also the Generate key subject
inline constexpr uint8_t kLifeCycleState = 0x08;
inline constexpr uint8_t kPasswordSlot = 0x09;
inline constexpr uint8_t kProductData = 0x11;
inline constexpr uint8_t kDataPartitionConfiguration = 0x12;
inline constexpr uint8_t kPrivateKeySlot = 0x13;  // Generate key subject
inline constexpr uint8_t kPrivateKeyTable = 0x14;
inline constexpr uint8_t kHostKeySlotV1 = 0x17;
inline constexpr uint8_t kSymmetricKeyTable = 0x23;
inline constexpr uint8_t kCommandAuthorization = 0x24;
inline constexpr uint8_t kHostKeySlotV2 = 0x47;
inline constexpr uint8_t kHostKeyProvisioningControl = 0x4A;
inline constexpr uint8_t kSymmetricSlotProvisioningControl = 0x4B;
inline constexpr uint8_t kGenericPublicKeyTable = 0x48;
inline constexpr uint8_t kGenericPublicKeySlot = 0x4C;
inline constexpr uint8_t kGenericPublicKeyFlags = 0x4D;  // put only
}  // namespace attribute_tag

}  // namespace kb::core::stsafe
