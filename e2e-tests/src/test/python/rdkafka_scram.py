"""Asks Kafka for its brokers through librdkafka (the build bundled with confluent-kafka-python) as a SCRAM-SHA-512
user over TLS: the C client most non-Java applications use, next to S16's checks with Kafka's Java client.

Usage: rdkafka_scram.py BOOTSTRAP CA_FILE USER PASSWORD
Prints the librdkafka version, then "brokers: N" and exits 0; or prints librdkafka's error and exits 1 when the
brokers refuse the login or do not answer within 60 s.
"""
import sys
import time

import confluent_kafka
from confluent_kafka.admin import AdminClient


def main(bootstrap, ca, user, password):
    print("librdkafka", confluent_kafka.libversion()[0], flush=True)
    errors = []
    admin = AdminClient({
        "bootstrap.servers": bootstrap,
        "security.protocol": "SASL_SSL",
        "sasl.mechanism": "SCRAM-SHA-512",
        "sasl.username": user,
        "sasl.password": password,
        "ssl.ca.location": ca,
        "error_cb": errors.append,
    })
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        admin.poll(0.5)  # serves error_cb
        refused = [e for e in errors if e.code() == confluent_kafka.KafkaError._AUTHENTICATION]
        if refused:
            print("refused:", refused[0].str())
            return 1
        try:
            metadata = admin.list_topics(timeout=5)
            print("brokers:", len(metadata.brokers))
            return 0
        except confluent_kafka.KafkaException as e:
            errors.append(e.args[0])
    print("no answer within 60 s:", *[e.str() for e in errors])
    return 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
