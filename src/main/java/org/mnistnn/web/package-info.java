/**
 * The draw-a-digit page and its HTTP API, on Jetty (its core API, no servlets): {@link
 * org.mnistnn.web.WebServer} holds the route table and Jetty's settings, {@link
 * org.mnistnn.web.BodyReader} collects bodies without blocking, {@link org.mnistnn.web.Route} and
 * {@link org.mnistnn.web.PredictRequest} check what clients send, {@link
 * org.mnistnn.web.JsonErrors} turns Jetty's own refusals into JSON, {@link
 * org.mnistnn.web.PictureDecoder} bounds the memory of uploaded pictures, {@link
 * org.mnistnn.web.Prediction} runs the network on one image and explains its answer, {@link
 * org.mnistnn.web.StaticFiles} serves the page from the class path, and {@link
 * org.mnistnn.web.TrainingFeed} streams a training run to the page as server-sent events.
 */
package org.mnistnn.web;
