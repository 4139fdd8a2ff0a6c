#!/usr/bin/env node
import { createApp } from '../lib/create-app';

createApp();
