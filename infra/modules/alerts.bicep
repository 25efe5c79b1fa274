// Log alerts an EDI team acts on, over the connector's events in Application Insights (shared/telemetry.py).
// Each rule says what is wrong for the business; docs/operations.md says what to do about it.

@description('Prefix of the alert rule names.')
param namePrefix string

@description('Azure region of the rules.')
param location string

@description('Tags put on every resource.')
param tags object

@description('Resource id of the Application Insights the rules query.')
param appInsightsId string

@description('Resource id of an existing action group to notify; empty creates one from alertEmailAddresses (or notifies nobody).')
param actionGroupResourceId string

@description('E-mail addresses of a new action group, used only when actionGroupResourceId is empty.')
param alertEmailAddresses array

@description('KQL that yields the connector\'s events as rows with event_name, flow, partner and doc_key columns.')
param eventRows string

@description('Minutes without a Sterling poll heartbeat (poll.completed) before alerting; several poll intervals.')
param pollSilenceMinutes int

@description('Minutes without a Dynamics sweep heartbeat (sweep.completed) before alerting.')
param sweepSilenceMinutes int

@description('Of the six 5-minute intervals of the last half hour, how many must contain Dynamics throttling to alert.')
param throttledIntervalsThreshold int

var createActionGroup = empty(actionGroupResourceId) && !empty(alertEmailAddresses)

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = if (createActionGroup) {
  name: '${namePrefix}-edi-team'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'edi-team'
    enabled: true
    emailReceivers: [
      for (address, index) in alertEmailAddresses: {
        name: 'email-${index}'
        emailAddress: address
        useCommonAlertSchema: true
      }
    ]
  }
}

// Split rules fire once per value of these columns, so each alert names the flow and partner concerned.
var splitBy = {
  flow: {
    name: 'flow'
    operator: 'Include'
    values: [
      '*'
    ]
  }
  partner: {
    name: 'partner'
    operator: 'Include'
    values: [
      '*'
    ]
  }
  resultCode: {
    name: 'resultCode'
    operator: 'Include'
    values: [
      '*'
    ]
  }
}

var actionGroups = !empty(actionGroupResourceId) ? [actionGroupResourceId] : (createActionGroup ? [actionGroup.id] : [])

// Failures per flow and partner, with up to ten of their keys for the alert's details.
var failedQuery = '${eventRows} | where event_name == "document.failed" | summarize failures = count(), keys = make_set(doc_key, 10) by flow, partner'

// Poisoned work: the connector's own record of it, or the host's line when it moves a message to <queue>-poison.
var poisonedQuery = '${eventRows} | where event_name == "document.poisoned" or message startswith "Message has reached MaxDequeueCount" | summarize poisoned = count(), keys = make_set(doc_key, 10) by flow, partner'

var ackOverdueQuery = '${eventRows} | where event_name == "ack.overdue" | summarize overdue = count(), keys = make_set(doc_key, 10) by partner'

var throttledQuery = '${eventRows} | where event_name == "dynamics.throttled" | summarize throttledIntervals = dcount(bin(timestamp, 5m))'

// summarize without "by" yields one row even when nothing matched, so silence reads as 0.
var pollQuery = '${eventRows} | where event_name == "poll.completed" | summarize heartbeats = count()'

var sweepQuery = '${eventRows} | where event_name == "sweep.completed" | summarize heartbeats = count()'

// Dynamics retries an HTTPS business event 3 times, then parks it in its Errors tab until someone resends it.
// Matched by URL and by function name: which of the two the request carries depends on the telemetry mode.
var rejectedEventsQuery = 'requests | where (url has "/api/events/dynamics" or name has "dynamics_business_event") and success == false | summarize rejected = count() by resultCode'

var rules = [
  {
    name: 'documents-failed'
    description: 'Documents were recorded as failed (bad data, unknown partner or item, rejected by Dynamics or Sterling). Each one is replayable after the cause is fixed.'
    severity: 2
    frequency: 'PT5M'
    window: 'PT15M'
    query: failedQuery
    measure: 'failures'
    aggregation: 'Total'
    operator: 'GreaterThan'
    threshold: 0
    dimensions: [
      splitBy.flow
      splitBy.partner
    ]
  }
  {
    name: 'documents-poisoned'
    description: 'Work items exhausted their attempts (a transient failure that did not clear). The documents are recorded as failed and replayable.'
    severity: 1
    frequency: 'PT5M'
    window: 'PT15M'
    query: poisonedQuery
    measure: 'poisoned'
    aggregation: 'Total'
    operator: 'GreaterThan'
    threshold: 0
    dimensions: [
      splitBy.flow
      splitBy.partner
    ]
  }
  {
    name: 'acknowledgments-overdue'
    description: 'A partner has not acknowledged (997 / CONTRL) an interchange within its expected time: the document may not have arrived.'
    severity: 2
    frequency: 'PT15M'
    window: 'PT1H'
    query: ackOverdueQuery
    measure: 'overdue'
    aggregation: 'Total'
    operator: 'GreaterThan'
    threshold: 0
    dimensions: [
      splitBy.partner
    ]
  }
  {
    name: 'dynamics-throttling-sustained'
    description: 'Dynamics has been answering 429 / 503 for most of the last half hour: documents are delayed, not lost.'
    severity: 2
    frequency: 'PT5M'
    window: 'PT30M'
    query: throttledQuery
    measure: 'throttledIntervals'
    aggregation: 'Maximum'
    operator: 'GreaterThanOrEqual'
    threshold: throttledIntervalsThreshold
    dimensions: []
  }
  {
    name: 'polling-stopped'
    description: 'No Sterling mailbox poll has completed for ${pollSilenceMinutes} minutes: inbound orders and remittances are not being picked up.'
    severity: 1
    frequency: 'PT5M'
    window: 'PT${pollSilenceMinutes}M'
    query: pollQuery
    measure: 'heartbeats'
    aggregation: 'Total'
    operator: 'LessThan'
    threshold: 1
    dimensions: []
  }
  {
    name: 'sweep-stopped'
    description: 'No Dynamics sweep has completed for ${sweepSilenceMinutes} minutes: documents without a business event (packing slips, vendor invoices) are not being sent.'
    severity: 2
    frequency: 'PT5M'
    window: 'PT${sweepSilenceMinutes}M'
    query: sweepQuery
    measure: 'heartbeats'
    aggregation: 'Total'
    operator: 'LessThan'
    threshold: 1
    dimensions: []
  }
  {
    name: 'business-events-rejected'
    description: 'The business events endpoint answered errors; after 3 attempts Dynamics parks the event in its Errors tab until it is resent.'
    severity: 1
    frequency: 'PT5M'
    window: 'PT15M'
    query: rejectedEventsQuery
    measure: 'rejected'
    aggregation: 'Total'
    operator: 'GreaterThan'
    threshold: 0
    dimensions: [
      splitBy.resultCode
    ]
  }
]

resource alertRules 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [
  for rule in rules: {
    name: '${namePrefix}-${rule.name}'
    location: location
    tags: tags
    kind: 'LogAlert'
    properties: {
      displayName: '${namePrefix}: ${rule.name}'
      description: rule.description
      severity: rule.severity
      enabled: true
      scopes: [
        appInsightsId
      ]
      evaluationFrequency: rule.frequency
      windowSize: rule.window
      criteria: {
        allOf: [
          {
            query: rule.query
            timeAggregation: rule.aggregation
            metricMeasureColumn: rule.measure
            operator: rule.operator
            threshold: rule.threshold
            dimensions: rule.dimensions
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      autoMitigate: true
      actions: {
        actionGroups: actionGroups
      }
    }
  }
]

output ruleNames array = [for (rule, index) in rules: alertRules[index].name]
