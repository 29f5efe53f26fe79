*** Settings ***
Documentation       End-to-end call scenarios for the five CC-Gateway call-control interfaces.
...
...                 By default they run against the embedded CC-Gateway simulator. To run them against a
...                 real gateway: ``robot --variable GATEWAY_URL:https://gateway:8043
...                 --variable CA_BUNDLE:/path/to/ca.pem --exclude simulator suites``
...                 (tests tagged ``simulator`` need the simulator to play the customer).
Resource            ../resources/gateway.resource
Resource            ../resources/agents.resource
Suite Setup         Set Up The Run
Suite Teardown      Tear Down The Run
Test Timeout        1 minute


*** Keywords ***
Set Up The Run
    [Documentation]    Takes this run's agents (a pabot value set when run in parallel), then connects.
    Use The Agents Of This Run
    Connect To The Gateway Under Test

Tear Down The Run
    [Documentation]    Stops the simulator (if this run started one) and gives the agents back.
    Stop Gateway Simulator
    Give Back The Agents Of This Run
