#pragma once
// Query (0x14): `14 tag [args]`, always sent unprotected (fact sheet 2.5, "Query").
#include <cstdint>
#include <span>

#include "core/status.h"
#include "core/stsafe/data_partitions.h"
#include "core/stsafe/envelope_password_types.h"
#include "core/stsafe/transport.h"
#include "core/stsafe/types.h"

namespace kb::core::stsafe::commands {

// Lowest mask number an STSAFE-A120 reports in its product data.
inline constexpr uint16_t kA120MinMaskNumber = 0x6000;

// Tag 0x11. kResponseMalformed when the first TLV is not the mask id (tag 0x01, at least 3
// bytes), kUnsupported when the mask number says the device is not an A120.
Result<ProductData> query_product_data(Transport& transport);
// Tag 0x24, keeping only the record count (ST's library asks once for the count, once for the table).
Result<uint8_t> query_command_count(Transport& transport);
// Tag 0x24. kBufferTooSmall when the device reports more records than kMaxCommandAccessRecords.
Result<CommandAccessTable> query_command_access_table(Transport& transport);
Result<LifeCycleState> query_life_cycle(Transport& transport);
// Tag 0x47. kResponseMalformed for a present key of an unknown type.
Result<HostKeySlot> query_host_key_slot(Transport& transport);
// Tag 0x17, the V1 layout (4 bytes). ST's library sends it only to an A100/A110; the A120 answers
// it too, for backward compatibility.
Result<HostKeySlotV1> query_host_key_slot_v1(Transport& transport);
Result<HostKeyControlFields> query_host_key_control_fields(Transport& transport);
// Tag 0x23. kBufferTooSmall when the device reports more slots than kMaxSymmetricKeySlots,
// kResponseMalformed for a filled slot whose mode of operation is unknown (its length is then unknown).
Result<SymmetricKeyTable> query_symmetric_key_table(Transport& transport);
Result<SymmetricSlotControlFields> query_symmetric_slot_control_fields(Transport& transport, uint8_t slot);
// Tag 0x14. kBufferTooSmall when the device reports more slots than kMaxPrivateKeySlots,
// kResponseMalformed for a presence byte other than 0 or 1 or a curve id of no known curve.
Result<PrivateKeyTable> query_private_key_table(Transport& transport);
// Tag 0x12, keeping only the zone count (ST's stsafea_get_total_partition_count).
Result<uint8_t> query_data_partition_count(Transport& transport);
// Tag 0x12 (ST's stsafea_get_data_partitions_configuration). kBufferTooSmall when the device
// reports more zones than kMaxDataPartitions, kResponseMalformed for a zone type other than data
// or counter (the record's length is then unknown).
Result<DataPartitionTable> query_data_partitions(Transport& transport);
// Tag 0x07. kBufferTooSmall when the device reports more slots than kMaxLocalEnvelopeSlots,
// kResponseMalformed for a presence byte other than 0 or 1 or a key length other than 0 or 1.
Result<LocalEnvelopeKeyTable> query_local_envelope_key_table(Transport& transport);
// Tag 0x09 (presence | tries left). kResponseMalformed for a presence byte other than 0 or 1.
Result<PasswordSlotInfo> query_password_slot(Transport& transport);

// The payload decoders behind the queries above, usable on captured bytes.
Result<ProductData> parse_product_data(std::span<const uint8_t> payload);
Result<CommandAccessTable> parse_command_access_table(std::span<const uint8_t> payload);
Result<HostKeySlot> parse_host_key_slot(std::span<const uint8_t> payload);
Result<HostKeySlotV1> parse_host_key_slot_v1(std::span<const uint8_t> payload);
Result<SymmetricKeyTable> parse_symmetric_key_table(std::span<const uint8_t> payload);
Result<PrivateKeyTable> parse_private_key_table(std::span<const uint8_t> payload);
Result<DataPartitionTable> parse_data_partition_table(std::span<const uint8_t> payload);
Result<LocalEnvelopeKeyTable> parse_local_envelope_key_table(std::span<const uint8_t> payload);
Result<PasswordSlotInfo> parse_password_slot(std::span<const uint8_t> payload);

}  // namespace kb::core::stsafe::commands
