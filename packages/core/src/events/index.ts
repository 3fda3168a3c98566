export { ENTITY_TOPICS, type TopicSchemas } from "./entity-topics.js";
export { EVENT_CATALOGUE, checkCataloguedEvent, isCataloguedTopic, isTopic, type CataloguedEvent, type CataloguedTopic, type TopicEvent } from "./catalogue.js";
