*** Settings ***
Documentation       End-to-end call scenarios for the five CC-Gateway call-control interfaces.
...
...                 By default they run against the embedded CC-Gateway simulator. To run them against a
...                 real gateway: ``robot --variable GATEWAY_URL:https://gateway:8043
...                 --variable CA_BUNDLE:/path/to/ca.pem --exclude simulator suites``
...                 (tests tagged ``simulator`` need the simulator to play the customer).
Resource            ../resources/gateway.resource
Suite Setup         Connect To The Gateway Under Test
Suite Teardown      Stop Gateway Simulator
Test Timeout        1 minute
